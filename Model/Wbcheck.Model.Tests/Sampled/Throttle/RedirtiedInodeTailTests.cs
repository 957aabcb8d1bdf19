using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 2.6.29's __sync_single_inode: an inode someone dirtied again while its pages were written goes
/// back by redirty_tail ("else if (inode->i_state &amp; I_DIRTY) { /* Someone redirtied the inode
/// while were writing back the pages. */ redirty_tail(inode); }"), which stamps it now when it is
/// older than the youngest inode on s_dirty, so that s_dirty stays in dirtied_when order. From
/// 2.6.36 the same inode, with tagged pages, goes by the tagged branch (requeue_io or
/// redirty_tail) instead: <see cref="InodeDirtiedDuringWriteTests"/>.
/// </summary>
public sealed class RedirtiedInodeTailTests
{
    [Fact]
    public void In_2_6_29_an_inode_dirtied_again_during_its_write_goes_behind_a_younger_dirty_inode()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 3);
        world.Kernel.Timers.Advance(5);
        var younger = disk.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(4);
        disk.AfterWrite = page =>
        {
            if (page.Mapping == file.Mapping && page.Index == 0)
            {
                world.Kernel.Filemap.AddCachedPage(file.Mapping, 10, dirty: true);
            }
        };

        // One page of three written (nr_to_write 1), page 10 dirtied at jiffy 9 meanwhile: the
        // inode, dirtied at 0, is older than the younger file's 5, so redirty_tail stamps it 9.
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, RangeEnd = WritebackControl.LLongMax }));

        Assert.Equal(InodeState.DirtyPages, file.State & InodeState.DirtyPages);
        Assert.Equal((5L, 9L), (younger.DirtiedWhen, file.DirtiedWhen));
    }
}
