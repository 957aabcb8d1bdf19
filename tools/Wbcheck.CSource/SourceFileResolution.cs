namespace Wbcheck.CSource;

/// <summary>
/// Where a cited file was found: its path (null when it was not), the kernel version that file
/// is (null when unknown), and a note for the reader (why it was not found, or that the
/// version found differs from the one cited).
/// </summary>
public sealed record SourceFileResolution(string? Path, string? Version, string? Note);
