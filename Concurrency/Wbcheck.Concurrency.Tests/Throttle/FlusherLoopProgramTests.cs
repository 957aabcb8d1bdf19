using System.Globalization;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// The flusher's loop ends when nothing it can write is left: background writeout over its
/// threshold (12 dirty pages, threshold 10) on a filesystem whose -&gt;writepage declines every
/// page with -EAGAIN (redirtied, unwritten). Every era's loop ends after a pass that wrote
/// nothing and left nothing on b_more_io; a 3.x loop that does not end on such a pass
/// (<see cref="Faults.FlusherIgnoresNoProgress"/>) spins forever, which the engine reports as a
/// terminating program that does not terminate, with a minimized trace.
/// </summary>
public sealed class FlusherLoopProgramTests
{
    private static TestingConfiguration Config => TestingConfiguration.Default with
    {
        Strategy = "random",
        Seed = 1,
        Iterations = 2,
        MaxSteps = 600,
    };

    private static TestProgram Program(KernelEra era, Faults faults, bool declineBackground = false) => new("flusher-loop", setup =>
    {
        var kernel = new Kernel(setup.Runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { TotalPages = 100, MaxWritebackPages = 4 },
            Faults = faults,
        });
        kernel.Throttle.PageWritebackInit();
        kernel.Observers.Add(new BackgroundWriteoutMonitor(kernel));
        kernel.Observers.Add(new FlusherLoopMonitor(kernel));
        kernel.Observers.Add(new WritebackBudget());
        var declined = Enumerable.Range(0, 12).Select(index => (long)index).ToHashSet();
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default with
        {
            FailingPages = declineBackground ? new HashSet<long>() : declined,
            FailingErrors = declined.ToDictionary(index => index, _ => Errno.EAGAIN),
            DeclineBackgroundWriteback = declineBackground,
        });
        var inode = kernel.CreateInode(0, fs);
        setup.Runtime.Spawn("flusher", async () =>
        {
            foreach (var index in declined)
            {
                kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
            }

            await kernel.Throttle.BackgroundWriteout(0);
        });
    }, parameters: new Dictionary<string, string>
    {
        ["era"] = era.Info().Version,
        ["faults"] = string.Join("+", faults.Active()) is { Length: > 0 } active ? active : "none",
        ["pages"] = 12.ToString(CultureInfo.InvariantCulture),
        ["fs"] = declineBackground ? "declines background writeback" : "-EAGAIN on every page",
    });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Every_era_s_loop_ends_when_nothing_it_can_write_is_left(KernelEra era)
    {
        var report = TestingEngine.Run(Program(era, Faults.None), Config);

        Assert.False(report.FoundBug, report.Summary());
    }

    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_filesystem_that_declines_every_page_keeps_the_loop_going_until_68f4c6eba70d(KernelEra era, bool spins)
    {
        // AOP_WRITEPAGE_ACTIVATE with redirty: nr_to_write is spent on the page, pages_skipped
        // counts it. Until 68f4c6eba70d (5.19) wb_writeback took that as progress and went round
        // again while over the threshold; from it, wrote leaves skipped pages out and the loop ends.
        // This spin is the kernel's, not the model's frozen clock: background writeout takes its
        // cut-off afresh each pass (oldest_jif = jiffies), and redirty_tail keeps the stamp of an
        // inode alone on b_dirty, so however far jiffies move the declined file is queued again.
        // (A WB_SYNC_ALL work, whose cut-off is fixed, ends: SyncDeclinedFileTests.)
        var report = TestingEngine.Run(Program(era, Faults.None, declineBackground: true), Config);

        Assert.Equal(spins, report.FoundBug);
        if (spins)
        {
            Assert.Equal(BugKind.MaxStepsExceeded, report.Bugs[0].Bug.Kind);
        }
    }

    [Fact]
    public void A_loop_that_does_not_end_on_a_pass_without_progress_is_caught_spinning()
    {
        var program = Program(KernelEra.V6_9, Faults.None with { FlusherIgnoresNoProgress = true });

        var report = TestingEngine.Run(program, Config);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.MaxStepsExceeded, found.Bug.Kind);
        TraceFiles.AssertReplaysFromFile(program, found);
        var minimized = TestingEngine.Minimize(program, found).Trace;
        Assert.True(minimized.Bug.IsSameBugAs(found.Bug), $"{minimized.Bug} is not {found.Bug}");

        // One thread, so nothing to shorten: the flusher walks the declined file pass after pass.
        Assert.Equal(
            "the program is declared terminating but still runs after 600 steps (enabled: T0 at filemap_get_folios_tag(12)): a livelock, or raise the maximum",
            minimized.Bug.Message);
        Assert.Equal(600, minimized.Steps.Count);
        TraceFiles.AssertReplaysFromFile(program, minimized);
    }
}
