using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.MapBlocksChargesMetadata"/>: the aggregating -&gt;writepages maps a
/// page's blocks only when it comes to add the page to its bio, and the pages before it are by then
/// under writeback in that bio, not yet submitted. Mapping reads a new metadata block (an extent
/// tree block) into the page cache of the filesystem's metadata inode (the block device's, for
/// ext4's __getblk), with GFP_NOFS because the filesystem holds its journal handle, and the new
/// page is charged to the memcg of the file being written. That is ext4_writepages mapping its
/// next extent (mpage_map_and_submit_extent, mpage_map_one_extent, ext4_map_blocks,
/// ext4_ext_grow_indepth, __getblk_gfp), the deadlock of ecf5fc6e9654's message
/// (docs/memcg-reclaim.md): the charge's memcg reclaim meets a page of the unsubmitted bio.
/// </summary>
public sealed partial class SimpleFs
{
    private Inode? metadataInode;
    private long metadataBlocks;

    /// <summary>
    /// The inode whose page cache holds the filesystem's metadata blocks (the block device's, for
    /// ext4), made on first use. A scenario makes it (and charges it) at set-up, so that no step of
    /// its threads adds an inode to the kernel's list.
    /// </summary>
    public Inode MetadataInode => metadataInode ??= kernel.CreateInode(0, this);

    /// <summary>
    /// Map <paramref name="page"/>'s blocks: add the next metadata block to the metadata inode's
    /// page cache, charged with GFP_NOFS. Returns 0, or the -ENOMEM of a failed charge, when the
    /// page is given back redirtied and unlocked (mpage_map_and_submit_extent's error path leaves
    /// the pages it could not map dirty for a later pass) and the pass stops; the bio of the pages
    /// before it is submitted at the end of the pass as always.
    /// </summary>
    [Models("fs/ext4/inode.c", "mpage_map_one_extent (ext4_map_blocks)", "3.18")]
    [Models("fs/ext4/extents.c", "ext4_ext_grow_indepth (sb_getblk: __getblk_gfp, GFP_NOFS)", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> MapBlocks(Page page, WritebackControl wbc)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        var metadata = MetadataInode;
        if (page.Mapping!.Host.Memcg is { } memcg && metadata.Memcg is null)
        {
            memcg.Charge(metadata.Mapping);
        }

        if (await kernel.Filemap.FilemapGetFolioForWrite(metadata.Mapping, metadataBlocks, Gfp.NoFs) is not { } block)
        {
            return await FailForMemory(page, wbc);
        }

        metadataBlocks++;
        kernel.Filemap.FolioUnlock(block);
        return 0;
    }
}
