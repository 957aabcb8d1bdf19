namespace Wbcheck.Model;

/// <summary>Bugs of the filesystem's block truncate of the last page, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>block_truncate_page marks the buffer dirty without zeroing the partial block past the new EOF.</summary>
    public bool BlockTruncatePageSkipsZeroing { get; init; }

    /// <summary>block_truncate_page zeroes the partial block but does not mark the buffer dirty: the zeros never reach the disk.</summary>
    public bool BlockTruncatePageSkipsDirtying { get; init; }
}
