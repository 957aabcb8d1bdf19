using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The monitors see each pass of the writeback iterator end (PageWriteback's NotifyPassEnded, at
/// the return of write_cache_pages, writeback_iter's last call, generic_writepages and the list
/// eras' pass): the lock-order monitor forgets the pass there, so a page lock the same thread
/// takes afterwards, outside any pass, is not compared with the pass's last page. A thread that
/// writes pages 0 to 3 and then locks page 0 again (as a truncate or a fault after fsync would)
/// breaks no lock order; a pass whose end the monitors never heard of would be reported as
/// "locked page 0 after page 3". Each era's form of the pass (the classic iterator of 2.6.29,
/// the list walk of 2.5, writeback_iter of 6.9) raises the event.
/// </summary>
public sealed class WritebackPassEndedTests
{
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_locked_after_a_pass_ended_is_not_compared_with_the_pass(KernelEra era)
    {
        var world = new World(pages: 4, config: new KernelConfig { Era = era });
        var passes = new PassCounter();
        world.Kernel.Observers.Add(new LockOrderMonitor(world.Runtime));
        world.Kernel.Observers.Add(passes);

        world.Run(async () =>
        {
            await world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity());
            await world.Filemap.FolioLock(world.Page(0));
        });

        Assert.Equal((1, 1), (passes.Started, passes.Ended));
        Assert.True(world.Page(0).Locked);
    }

    private sealed class PassCounter : IKernelObserver
    {
        public int Started { get; private set; }

        public int Ended { get; private set; }

        public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc) => Started++;

        public void WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result) => Ended++;
    }
}
