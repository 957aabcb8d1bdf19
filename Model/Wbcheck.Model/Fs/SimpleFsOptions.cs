namespace Wbcheck.Model.Fs;

/// <summary>How the model filesystem writes pages back.</summary>
public sealed record SimpleFsOptions
{
    public static SimpleFsOptions Default { get; } = new();

    /// <summary>
    /// Have a -&gt;writepages that gathers every page of a pass into one bio and submits it only
    /// when the pass ends, as XFS and ext4 do: the pages stay under writeback, unsubmitted,
    /// while the pass goes on. Without it, do_writepages uses -&gt;writepage, a bio per page.
    /// </summary>
    public bool AggregateWritepages { get; init; }

    /// <summary>
    /// With <see cref="AggregateWritepages"/>: keep each page of the bio locked, and not yet under
    /// writeback, until the bio is sent (when it is full or the pass ends), as 2.5's first
    /// multipage bio writeback did ("locking multiple pages without necessarily starting I/O
    /// against them"). A page waiting there can still be redirtied by a dirtier that does not
    /// take the page lock.
    /// </summary>
    public bool KeepPagesLockedInBio { get; init; }

    /// <summary>
    /// Pages whose -&gt;writepage fails (the page is redirtied and unlocked), with -ENOSPC unless
    /// <see cref="FailingErrors"/> names another error.
    /// </summary>
    public IReadOnlySet<long> FailingPages { get; init; } = new HashSet<long>();

    /// <summary>
    /// The error -&gt;writepage fails with on a page of <see cref="FailingPages"/>, where it is not
    /// -ENOSPC: a pass that meets several errors must be seen to keep the right one.
    /// </summary>
    public IReadOnlyDictionary<long, int> FailingErrors { get; init; } = new Dictionary<long, int>();

    /// <summary>The error -&gt;writepage fails with on page <paramref name="index"/> of <see cref="FailingPages"/>.</summary>
    public int WritepageError(long index) => FailingErrors.TryGetValue(index, out var error) ? error : Errno.ENOSPC;

    /// <summary>-&gt;writepage from reclaim declines with AOP_WRITEPAGE_ACTIVATE, leaving the page locked.</summary>
    public bool ActivateForReclaim { get; init; }
}
