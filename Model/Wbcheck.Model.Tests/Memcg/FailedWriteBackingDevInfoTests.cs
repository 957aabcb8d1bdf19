using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// write(2) sets current-&gt;backing_dev_info to the disk for the copy and the throttle and puts
/// it back on every way out (__generic_file_write_iter: "current-&gt;backing_dev_info = NULL"
/// after generic_perform_write whatever it returned [R]), so that only a task inside a write
/// to the disk may write to its congested queue from reclaim (<see cref="MayWriteToQueueTests"/>).
/// A write that fails must leave it clear too: the OOM victim of a memcg at its limit, whose
/// second write fails (the model's current-&gt;backing_dev_info is gone in 6.9).
/// </summary>
public sealed class FailedWriteBackingDevInfoTests
{
    [Theory]
    [InlineData(KernelEra.V4_13, Errno.ENOMEM)]
    [InlineData(KernelEra.V4_20, Errno.EINTR)]
    [InlineData(KernelEra.V5_0, Errno.EINTR)]
    public void A_write_that_fails_leaves_the_task_writing_to_no_disk(KernelEra era, long errno)
    {
        // Two dirty pinned pages fill the memcg: the first write is killed in its charge (OOM);
        // the second fails in its own charge (4.13: the victim's charge is refused, -ENOMEM) or
        // sees the fatal signal before its page (-EINTR).
        var world = new World(pages: 2, dirty: true, new KernelConfig { Era = era });
        var memcg = new MemCgroup("job", 2) { HardLimit = true };
        memcg.Charge(world.Mapping);
        Filemap.FolioGet(world.Page(0));
        Filemap.FolioGet(world.Page(1));
        var file = world.Kernel.Open(world.Inode);

        var (result, bdi) = world.Run(async () =>
        {
            _ = await world.Filemap.GenericFileWriteIter(file, 2);
            var second = await world.Filemap.GenericFileWriteIter(file, 3);
            return (second, world.Filemap.CurrentBackingDevInfo());
        });

        Assert.Equal(errno, result);
        Assert.Null(bdi);
    }
}
