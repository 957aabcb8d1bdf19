using System.Collections.Immutable;
using System.Globalization;

namespace Wbcheck.Properties.Writeback;

/// <summary>
/// How the filesystem of a case behaves beyond the plain one: -&gt;writepage writing clusters of
/// <see cref="Cluster"/> pages (spending nr_to_write on the neighbours), declining WB_SYNC_NONE
/// writeback (<see cref="Decline"/>), and the pages of every file it writes only in part the
/// first time (<see cref="Partial"/>); or, with a -&gt;writepages, no -&gt;writepage at all (<see cref="NoWritepage"/>);
/// a -&gt;writepage that starts a journal handle (<see cref="Journalled"/>); and a -&gt;page_mkwrite
/// of its own (<see cref="BlockPageMkwrite"/>).
/// </summary>
public sealed record FsShape(int Cluster, bool Decline, ImmutableArray<int> Partial)
{
    public static FsShape Plain { get; } = new(1, false, []);

    /// <summary>No -&gt;writepage, only the -&gt;writepages the case's aggregation or partial pages give (<see cref="Model.Fs.SimpleFsOptions.NoWritepage"/>).</summary>
    public bool NoWritepage { get; init; }

    /// <summary>
    /// -&gt;writepage starts a journal handle around its write, as ext3's ordered one did
    /// (<see cref="Model.Fs.SimpleFsOptions.JournalledWritepage"/>): reclaim under that handle must not call it.
    /// </summary>
    public bool Journalled { get; init; }

    /// <summary>
    /// The journal files the ordered data -&gt;writepage writes, and -&gt;releasepage is jbd's
    /// journal_try_to_free_buffers (<see cref="Model.Fs.SimpleFsOptions.JournalReleasepage"/>):
    /// it unfiles written-back buffers and never waits, so reclaim under the journal handle meets
    /// pages with buffers and frees them. Implies a journalled -&gt;writepage.
    /// </summary>
    public bool JournalRelease { get; init; }

    /// <summary>
    /// A -&gt;page_mkwrite of the filesystem's own, block_page_mkwrite's
    /// (<see cref="Model.Fs.SimpleFsOptions.BlockPageMkwrite"/>): a store through a read-only pte
    /// locks the page, checks it is still in the file and inside EOF, and prepares its block up to
    /// EOF, returning it unlocked before 2.6.30 and locked from it.
    /// </summary>
    public bool BlockPageMkwrite { get; init; }

    public bool IsPlain => Cluster == 1 && !Decline && Partial.IsEmpty && !NoWritepage && !Journalled && !JournalRelease && !BlockPageMkwrite;

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cluster > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"->writepage writes clusters of {Cluster}"));
        }

        if (Decline)
        {
            parts.Add("->writepage declines WB_SYNC_NONE (AOP_WRITEPAGE_ACTIVATE)");
        }

        if (NoWritepage)
        {
            parts.Add("no ->writepage (pageout activates)");
        }

        if (Journalled)
        {
            parts.Add("->writepage starts a journal handle (ext3's ordered writepage)");
        }

        if (JournalRelease)
        {
            parts.Add("the journal files ->writepage's ordered data, and ->releasepage is jbd's journal_try_to_free_buffers");
        }

        if (BlockPageMkwrite)
        {
            parts.Add("block_page_mkwrite as ->page_mkwrite");
        }

        if (!Partial.IsEmpty)
        {
            parts.Add($"pages {string.Join(",", Partial)} written in part first (ext4's keep_towrite)");
        }

        return parts.Count == 0 ? "plain filesystem" : string.Join("; ", parts);
    }
}
