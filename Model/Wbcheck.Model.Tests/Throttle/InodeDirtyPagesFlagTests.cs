using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// When __writeback_single_inode clears I_DIRTY_PAGES (KernelEras.InodeKeepsDirtyPagesThroughWrite):
/// before 3.6 before writing, so a page dirtied during the write leaves the inode dirty at the
/// walk's end even when the same pass wrote that page; from 3.6 after, and only if no page is
/// still tagged dirty.
/// </summary>
public sealed class InodeDirtyPagesFlagTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V4_13, false)]
    public void An_inode_whose_page_dirtied_during_the_write_was_written_by_the_same_pass_is_clean_from_3_6(KernelEra era, bool dirty)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 1);

        // Page 2 is dirtied ahead of the walk while it writes page 0; these eras' lookup
        // (before 4.15) finds it, and the pass writes it too.
        disk.AfterWrite = page =>
        {
            if (page.Index == 0)
            {
                world.Kernel.Filemap.AddCachedPage(file.Mapping, 2, dirty: true);
            }
        };

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 }));

        Assert.False(file.Mapping.MappingTagged(XaMark.Dirty));
        Assert.Equal(dirty, (file.State & InodeState.DirtyPages) != 0);
    }
}
