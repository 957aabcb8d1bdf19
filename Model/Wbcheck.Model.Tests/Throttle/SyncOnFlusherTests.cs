using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// sync(2)'s walks, era by era (KernelEras.SyncQueuesFlusherWork): until 2.6.32 the caller walks
/// the inodes itself, beside the pdflush background writeout it woke; from then its wake-up and its
/// passes are works of the disk's flusher thread.
/// </summary>
public sealed class SyncOnFlusherTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, "test")]
    [InlineData(KernelEra.V2_6_29, "test")]
    [InlineData(KernelEra.V2_6_36, "flusher")]
    [InlineData(KernelEra.V3_19, "flusher")]
    [InlineData(KernelEra.V4_13, "flusher")]
    [InlineData(KernelEra.V6_9, "flusher")]
    public void The_thread_that_writes_sync_s_pages_is_the_caller_until_2_6_32_then_the_flusher(KernelEra era, string writer)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 3);
        var writers = new List<string>();
        disk.AfterWrite = _ => writers.Add(world.Runtime.Current.Name);

        world.Run(() => world.Throttle.DoSync());
        world.RunAllPending();

        Assert.Equal([writer, writer, writer], writers);
        Assert.False(file.Mapping.MappingTagged(XaMark.Dirty));
    }

    /// <summary>
    /// for_sync (3.11): the flusher's WB_SYNC_ALL pass of sync's work returns with its pages still
    /// under writeback, since sync's caller waits on them (wait_sb_inodes); a WB_SYNC_ALL pass
    /// without it waits for them itself. Nothing completes the I/O here, so a pass that waits
    /// would block.
    /// </summary>
    [Fact]
    public void A_for_sync_pass_leaves_the_wait_on_its_pages_to_the_caller()
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V6_9 });

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(world.Inode, new WritebackControl { SyncMode = WritebackSyncMode.All, ForSync = true }));
        Assert.True(world.Page(0).Writeback);

        var waiting = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V6_9 });
        Assert.Throws<WouldBlockException>(() => waiting.Run(() => waiting.Kernel.FsWriteback.WritebackSingleInode(waiting.Inode, new WritebackControl { SyncMode = WritebackSyncMode.All })));
    }
}
