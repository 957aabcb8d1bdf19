using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// inode_detach_wb's WARN_ON_ONCE(!(inode-&gt;i_state &amp; I_CLEAR)): an inode lets go of its
/// i_wb only once evict's clear_inode has run. A detach of an inode still live (the bug a
/// caller of it out of order would have) is reported, naming the function and the inode.
/// </summary>
public sealed class InodeDetachWbBeforeClearTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Detaching_the_wb_of_an_inode_not_yet_cleared_is_a_kernel_bug(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var file = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(file.Mapping);
        world.Kernel.Filemap.AddCachedPage(file.Mapping, 0, dirty: true);
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        world.RunAllPending();
        Assert.True(file.WbAttached);
        Assert.False(file.Evicted);

        var bug = Assert.Throws<KernelBugException>(() => world.Throttle.InodeDetachWb(file));

        Assert.Contains("inode_detach_wb", bug.Message);
        Assert.Contains("before clear_inode", bug.Message);
    }
}
