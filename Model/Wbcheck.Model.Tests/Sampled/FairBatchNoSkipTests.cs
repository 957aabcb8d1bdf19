using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// get_page_from_freelist of 3.12 to 4.7 (the 3.19 era): when the fair pass finds no zone, the
/// batches are reset only "if (nr_fair_skipped)", a zone was passed over because its batch was
/// depleted. A zone passed over for its dirty limit alone keeps what is left of its batch, and
/// the slow path's page counts off it.
/// </summary>
public sealed class FairBatchNoSkipTests
{
    [Fact]
    public void A_fast_path_that_skipped_no_zone_for_fairness_leaves_the_batch_as_it_was()
    {
        // One zone of 200 pages, min_free_kbytes 128: watermarks 32, 40, 48, a batch of 48 - 40
        // = 8 pages. Dirtyable memory 200 less the reserve of 48 = 152, vm.dirty_ratio 20: the
        // zone's dirty limit is 30. The first 31 pages come from the fast path, a batch of 8 at
        // a time (the 8th depletes it, the next allocation's fair pass skips the zone and resets
        // it): 31 = 3 x 8 + 7 leaves 1 page of the fourth batch.
        var (kernel, zone, write) = Boot();
        write(31);
        Assert.Equal((1L, false, 0L), (zone.AllocBatch, zone.FairDepleted, kernel.PageAlloc.SlowpathPages(zone)));

        // Page 32: the zone holds 31 dirty pages, over its limit, so the fair pass passes it over
        // without counting a fair skip; no reset, and the slow path's page takes the batch's last.
        write(1);

        Assert.Equal((0L, true, 1L), (zone.AllocBatch, zone.FairDepleted, kernel.PageAlloc.SlowpathPages(zone)));
    }

    private static (Kernel Kernel, Mm.Zone Zone, Action<int> Write) Boot()
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V3_19, Machine = new Machine { TotalPages = 200, MinFreeKbytes = 128 }, Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 20 } });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        var next = 0L;
        return (kernel, kernel.PageAlloc.Zones[0], pages => runtime.Run(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            for (var end = next + pages; next < end; next++)
            {
                await kernel.Filemap.GenericPerformWrite(file, next);
            }
        }));
    }
}
