using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// current-&gt;backing_dev_info, "We can write back this queue in page reclaim", came with akpm's
/// "low-latency page reclaim" (September 2002, after 2.5.34): a task inside 2.5.31's write(2) has
/// none, one inside 2.6.20's has the disk's. Read where write_begin locks the page, in the middle
/// of the copy.
/// </summary>
public sealed class ListEraBackingDevInfoTests
{
    private sealed class BdiAtPageLock(Filemap filemap) : IKernelObserver
    {
        public List<BackingDevInfo?> Seen { get; } = [];

        public void PageLocked(Page page) => Seen.Add(filemap.CurrentBackingDevInfo());
    }

    [Theory]
    [InlineData(KernelEra.V2_5, false)]
    [InlineData(KernelEra.V2_6_20, true)]
    public void A_writer_s_current_backing_dev_info_is_set_from_2_6_20_only(KernelEra era, bool set)
    {
        var world = new World(pages: 0, config: new KernelConfig { Era = era });
        var observer = new BdiAtPageLock(world.Filemap);
        world.Kernel.Observers.Add(observer);
        var file = world.Kernel.Open(world.Inode);

        world.Run(async () => await world.Filemap.GenericFileBufferedWrite(file, 0, 2));

        Assert.NotEmpty(observer.Seen);
        Assert.All(observer.Seen, bdi => Assert.Equal(set ? world.Kernel.BackingDev : null, bdi));
    }
}
