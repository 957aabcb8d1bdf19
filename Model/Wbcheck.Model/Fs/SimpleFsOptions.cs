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

    /// <summary>Pages whose -&gt;writepage fails with -ENOSPC (the page is redirtied and unlocked).</summary>
    public IReadOnlySet<long> FailingPages { get; init; } = new HashSet<long>();

    /// <summary>-&gt;writepage from reclaim declines with AOP_WRITEPAGE_ACTIVATE, leaving the page locked.</summary>
    public bool ActivateForReclaim { get; init; }
}
