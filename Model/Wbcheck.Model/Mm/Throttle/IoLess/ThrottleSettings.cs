namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// The vm sysctls the later throttles read, unsigned as the kernel keeps the byte values:
/// dirty_ratio / dirty_bytes and dirty_background_ratio / dirty_background_bytes (a non-zero
/// byte value overrides its ratio, from 2.6.29), and vm.highmem_is_dirtyable (2.6.26).
/// </summary>
public sealed record ThrottleSettings
{
    public ulong DirtyRatio { get; init; } = 20;

    public ulong DirtyBackgroundRatio { get; init; } = 10;

    public ulong DirtyBytes { get; init; }

    public ulong DirtyBackgroundBytes { get; init; }

    public bool HighmemIsDirtyable { get; init; }

    public override string ToString() =>
        (DirtyBytes != 0 ? $"dirty_bytes {DirtyBytes}" : $"dirty_ratio {DirtyRatio}") + ", " +
        (DirtyBackgroundBytes != 0 ? $"dirty_background_bytes {DirtyBackgroundBytes}" : $"dirty_background_ratio {DirtyBackgroundRatio}") +
        (HighmemIsDirtyable ? ", highmem_is_dirtyable" : "");
}
