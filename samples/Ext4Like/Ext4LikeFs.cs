using Wbcheck.Model;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Samples.Ext4Like;

/// <summary>
/// A sample filesystem shaped like ext4 with delayed allocation: a page's blocks (two a page,
/// as with 2 KiB blocks) are allocated only when writeback maps them, and one mapping round
/// allocates at most <see cref="BlocksPerRound"/> blocks (3: the second of two new pages gets
/// one block of its two). A page the round maps only in part is
/// written in part: it is redirtied, for the blocks still unmapped, and put under writeback for
/// the blocks that are, keeping its TOWRITE tag (keep_write) so that a WB_SYNC_ALL pass, which
/// goes round again over TOWRITE-tagged pages, comes back for the rest. The model's device keeps
/// whole pages, so the part not written is modelled by the disk keeping the page's old data
/// when the bio completes.
/// </summary>
public sealed class Ext4LikeFs(Kernel kernel) : IWritebackFilesystem
{
    /// <summary>Blocks a page has.</summary>
    public const int BlocksPerPage = 2;

    private readonly Dictionary<(int Ino, long Index), int> mappedBlocks = [];
    private readonly Dictionary<Bio, List<(Page Page, long OldStable)>> writtenInPart = [];

    /// <summary>The filesystem the checks mount: the correct one.</summary>
    public static IWritebackFilesystem Mount(Kernel kernel) => new Ext4LikeFs(kernel);

    public Kernel Kernel => kernel;

    /// <summary>Blocks one mapping round allocates at most (ext4's extent mapping is bounded the same way).</summary>
    public int BlocksPerRound { get; init; } = 3;

    /// <summary>
    /// The bug switch: start writeback on a page written in part without keep_write, which
    /// clears its TOWRITE tag, as ext4 did before 1c8349a17137 ("ext4: fix data integrity sync
    /// in ordered mode", 3.16; recalled). An fsync then returns with the rest of the page never
    /// written; the race scenario fsync-vs-dirtier and the property NoLostDirtyData must catch it.
    /// </summary>
    public bool ClearTowriteOnPartialPage { get; init; }

    public bool HasWritepages => true;

    /// <summary>
    /// -&gt;writepage (reclaim): a page whose blocks are all allocated is written; any other is
    /// redirtied, since allocating under the page lock from reclaim could deadlock.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_writepage", "5.19")]
    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        if (page.Index < page.Mapping!.Host.SizePages && mappedBlocks.GetValueOrDefault(Key(page)) < BlocksPerPage)
        {
            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        return await WritebackHelpers.BlockWriteFullPage(this, page, wbc);
    }

    /// <summary>
    /// -&gt;writepages: an integrity pass tags the range TOWRITE once; then mapping rounds walk
    /// the tagged (or, for background writeback, dirty) pages, each round allocating up to
    /// <see cref="BlocksPerRound"/> blocks and ending, its pages sent in one bio, where its
    /// allocation runs out. The next round starts at the page the last one left, in part or
    /// whole, until the range is done (or, for background writeback, nr_to_write is spent).
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_do_writepages", "6.9")]
    public async ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc)
    {
        var sync = wbc.SyncMode == WritebackSyncMode.All;
        var start = wbc.RangeCyclic ? mapping.WritebackIndex : wbc.RangeStart >> WritebackControl.PageShift;
        var end = wbc.RangeCyclic || wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift;
        var tag = sync || wbc.TaggedWritepages ? XaMark.Towrite : XaMark.Dirty;
        if (tag == XaMark.Towrite)
        {
            await kernel.PageWriteback.TagPagesForWriteback(mapping, start, end);
        }

        for (var index = start; index >= 0 && (sync || wbc.NrToWrite > 0);)
        {
            index = await Round(mapping, wbc, index, end, tag);
        }

        if (wbc.RangeCyclic)
        {
            mapping.WritebackIndex = 0;
        }

        return 0;
    }

    /// <summary>get_block: a page's first block, allocating all of them with <paramref name="create"/>; -1 when not all are allocated.</summary>
    [Models("fs/ext4/inode.c", "ext4_da_get_block_prep", "6.9")]
    public ValueTask<long> GetBlock(Inode inode, long index, bool create)
    {
        if (create)
        {
            mappedBlocks[(inode.Ino, index)] = BlocksPerPage;
        }

        return ValueTask.FromResult(mappedBlocks.GetValueOrDefault((inode.Ino, index)) == BlocksPerPage ? index * BlocksPerPage : -1);
    }

    /// <summary>ext4_end_bio: the pages written in part keep their old data on disk, for the blocks not written.</summary>
    [Models("fs/ext4/page-io.c", "ext4_end_bio", "6.9")]
    public void EndIo(Bio bio, int status)
    {
        if (writtenInPart.Remove(bio, out var pages) && status == 0)
        {
            foreach (var (page, oldStable) in pages)
            {
                kernel.Device.SetStableVersion(bio.Inode, page.Index, oldStable);
            }
        }

        WritebackHelpers.EndBioWrite(kernel, bio, status);
    }

    /// <summary>
    /// One mapping round from <paramref name="start"/>: returns where the next round starts (the
    /// page this one wrote in part, or could not map), or -1 when the range is done.
    /// </summary>
    [Models("fs/ext4/inode.c", "mpage_prepare_extent_to_map", "6.9")]
    [Models("fs/ext4/inode.c", "mpage_submit_folio", "6.9")]
    [Models("fs/ext4/page-io.c", "ext4_bio_write_folio (keep_towrite)", "6.9")]
    private async ValueTask<long> Round(AddressSpace mapping, WritebackControl wbc, long start, long end, XaMark tag)
    {
        var budget = BlocksPerRound;
        var resume = -1L;
        Bio? bio = null;
        var partial = new List<(Page, long)>();
        var batch = new FolioBatch(kernel.Config.BatchSize);
        for (var index = start; resume < 0 && index <= end && (wbc.SyncMode == WritebackSyncMode.All || wbc.NrToWrite > 0);)
        {
            await kernel.Filemap.CondResched(new StepLabel("mpage_prepare_extent_to_map", index));
            index = kernel.Filemap.FilemapGetFoliosTag(mapping, index, end, tag, batch);
            if (batch.Count == 0)
            {
                break;
            }

            for (var i = 0; i < batch.Count && resume < 0; i++)
            {
                var page = batch[i];
                var key = (mapping.Host.Ino, page.Index);
                var mapped = mappedBlocks.GetValueOrDefault(key);
                if (mapped < BlocksPerPage && budget == 0)
                {
                    // The round's allocation is spent: this page starts the next round.
                    resume = page.Index;
                    break;
                }

                await kernel.Filemap.FolioLock(page);
                if (page.Mapping != mapping || !page.Dirty || page.Index >= mapping.Host.SizePages
                    || (page.Writeback && wbc.SyncMode == WritebackSyncMode.None))
                {
                    kernel.Filemap.FolioUnlock(page);
                    continue;
                }

                await kernel.Filemap.FolioWaitWriteback(page);
                if (!await kernel.PageWriteback.ClearPageDirtyForIo(page))
                {
                    kernel.Filemap.FolioUnlock(page);
                    continue;
                }

                // Delayed allocation: the blocks are allocated now, as far as the round may.
                var allocate = Math.Min(budget, BlocksPerPage - mapped);
                budget -= allocate;
                mappedBlocks[key] = mapped += allocate;
                wbc.NrToWrite--;
                var whole = mapped == BlocksPerPage;
                if (!whole)
                {
                    // Written in part: dirty again for the blocks left, and the next round starts here.
                    await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
                    partial.Add((page, kernel.Device.StableVersion(mapping.Host, page.Index)));
                    resume = page.Index;
                }

                await kernel.PageWriteback.FolioStartWriteback(page, keepWrite: !whole && !ClearTowriteOnPartialPage);
                bio ??= WritebackHelpers.NewWriteBio(this, mapping.Host, wbc);
                bio.AddPage(page);
                kernel.Filemap.FolioUnlock(page);
            }

            kernel.Filemap.FolioBatchRelease(batch);
        }

        if (bio is not null)
        {
            writtenInPart[bio] = partial;
            await kernel.Device.SubmitBio(bio);
        }

        return resume;
    }

    private static (int, long) Key(Page page) => (page.Mapping!.Host.Ino, page.Index);
}
