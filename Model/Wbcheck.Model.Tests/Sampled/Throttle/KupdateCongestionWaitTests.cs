using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_kupdate of 2.6.20: a pass that stopped on a congested queue with its chunk not spent waits
/// "congestion_wait(WRITE, HZ/10)" and goes on ("if (wbc.encountered_congestion)
/// congestion_wait(WRITE, HZ/10); else break;"): at most a tenth of a second (10 jiffies at HZ
/// 100), ended early by a write completing. The sleep a trace shows carries those 10 jiffies.
/// </summary>
public sealed class KupdateCongestionWaitTests
{
    [Fact]
    public void A_pass_stopped_by_congestion_waits_a_tenth_of_a_second_for_the_queue()
    {
        // A queue congested at one request; two files with a dirty page each, old when kupdate
        // runs. writeback_inodes (sync_sb_inodes) looks at the queue before each inode.
        var runtime = new RecordingRuntime(bound: 500);
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V2_6_20,
            Machine = new Machine { MaxWritebackPages = 4, NrRequests = 1 },
        });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        for (var i = 0; i < 2; i++)
        {
            kernel.Filemap.AddCachedPage(kernel.CreateInode(1, fs).Mapping, 0, dirty: true);
        }

        kernel.Timers.Advance(kernel.Throttle.Sysctls.DirtyExpireInterval + 1);

        runtime.Inner.Run("pdflush", async () => await kernel.Throttle.WbKupdate(0));

        // The first pass writes the first file's page, finds the queue congested before the
        // second file and stops with 3 of its 4 left: one wait of HZ/10, ended by that write's
        // completion; the second pass writes the second file and, with nothing old left, ends
        // the run with its chunk unspent and no congestion met.
        Assert.Equal(2, kernel.Device.SubmittedCount);
        Assert.Equal(2, runtime.Count("writeback_inodes"));
        Assert.Equal([Timers.Hz / 10], runtime.Sleeps.Where(label => label.Function == "congestion_wait").Select(label => label.Arg));
    }
}
