using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Block;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Tests.Block;

/// <summary>
/// The request queue's exclusive wake-up: on a queue of one request, a holder's write and two
/// more writers, A and B. A free wakes only the first sleeper in line, so a writer that slept
/// later never takes the request before one that slept earlier: every schedule (DFS, exhaustive
/// here) keeps the order, from 3.0. Before 3.0 (2.5.31, 2.6.20 to 2.6.36; branch wakefix24) a
/// free that lands after A has queued and before schedule() has taken it off the runqueue makes A
/// run on without counting the wake-up, so it wakes B too, which may take the request first: the
/// kernel's order there, which the search finds. The legacy path (2.6.20 to 4.20; branch queue23) wakes the first of
/// rl->wait; the list era (2.5.31; branch wake24) the first asleep of rl->wait, where a woken
/// writer keeps its place; blk-mq (5.0 on; branch wake24) one sleeper from the tag bitmap's wait
/// queue at wake_index, and A and B sleep on ws[0] and ws[1] in turn, so with two sleepers that
/// is A. The models' wake-all (<see cref="Faults.RequestWaitWakesAll"/>,
/// <see cref="Faults.ListEraPutRequestWakesAll"/>, <see cref="Faults.TagWaitWakesAll"/>) let the
/// later sleeper run first and take it, an order the kernel does not have: the search finds it
/// and replays it.
/// </summary>
public sealed class RequestWaitOrderTests
{
    private static TestingConfiguration Config => TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 20_000,
        MaxSteps = 400,
        PreemptionBound = 1,
    };

    private static TestProgram Program(KernelEra era, Faults faults, int writers = 2) => new("request-wait-order", setup =>
    {
        var kernel = new Kernel(setup.Runtime, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Model.Mm.Throttle.Machine { NrRequests = 1 },
        });
        kernel.Observers.Add(new FirstInLine());
        foreach (var (name, ino) in new[] { ("holder", 1), ("A", 2), ("B", 3), ("C", 4) }.Take(writers + 1))
        {
            var inode = kernel.CreateInode(ino, new SimpleFs(kernel, SimpleFsOptions.Default));
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            setup.Runtime.Spawn(name, async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, era)));
        }
    }, parameters: new Dictionary<string, string>
    {
        ["era"] = era.Info().Version,
        ["faults"] = string.Join("+", faults.Active()) is { Length: > 0 } active ? active : "none",
        ["writers"] = writers.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void A_free_wakes_the_first_sleeper_in_line_only(KernelEra era)
    {
        var report = TestingEngine.Run(Program(era, Faults.None), Config);

        Assert.False(report.FoundBug, report.Summary());
        Assert.True(report.Iterations < Config.Iterations, $"the search did not end: {report.Summary()}");
    }

    /// <summary>
    /// Before 3.0 a wake-up of A between its queueing and its sleep is not counted
    /// (<see cref="WakeUpEras.WakeUpCountsTaskNotYetAsleep"/>): on the legacy path (2.6.20 to
    /// 2.6.36) the same free wakes B, asleep behind it, and B can take the request before A looks
    /// again; these rows fail if that wake-up is counted (the search then ends without a finding,
    /// as on 3.19). 2.5.31 has a second way, which does not depend on the counting: B looks at
    /// rl-&gt;count after set_current_state with no lock held, so a free landing in B's own window
    /// lets B, queued after A, skip its sleep and take the request while A is still waking.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_0_a_later_sleeper_can_take_the_request_first(KernelEra era)
    {
        var program = Program(era, Faults.None);

        var report = TestingEngine.Run(program, Config);

        Assert.True(report.FoundBug, report.Summary());
        Assert.Contains("slept after", report.Bugs[0].Bug.Message, StringComparison.Ordinal);
        TraceFiles.AssertReplaysFromFile(program, report.Bugs[0]);
    }

    public static TheoryData<KernelEra, Faults> WakeAll => new()
    {
        { KernelEra.V2_5, new Faults { ListEraPutRequestWakesAll = true } },
        { KernelEra.V2_6_20, new Faults { RequestWaitWakesAll = true } },
        { KernelEra.V3_19, new Faults { RequestWaitWakesAll = true } },
        { KernelEra.V5_0, new Faults { TagWaitWakesAll = true } },
        { KernelEra.V6_9, new Faults { TagWaitWakesAll = true } },
    };

    [Theory]
    [MemberData(nameof(WakeAll))]
    public void Waking_every_sleeper_lets_a_later_one_take_the_request_first(KernelEra era, Faults faults)
    {
        var program = Program(era, faults);

        var report = TestingEngine.Run(program, Config);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Contains("slept after", found.Bug.Message, StringComparison.Ordinal);
        TraceFiles.AssertReplaysFromFile(program, found);
    }

    /// <summary>
    /// A third writer, C, may take the request a free has just freed before the woken A runs (its
    /// first look finds it free). Then a later sleeper overtakes A in every era, each its own way
    /// (the kernels' orders, not a fault): in 2.5.31, C's free comes while A is still runnable,
    /// and wake_up passes over a running task (its entry stays queued) to wake B; on the legacy
    /// path A, refused past nr_requests, queues again behind B; on blk-mq A sleeps again on the
    /// next wait queue by wait_index, after B's. So the first-in-line order of the cases above
    /// holds only while nobody takes a freed request from outside the queue.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V5_0)]
    public void A_writer_that_takes_a_freed_request_first_lets_a_later_sleeper_overtake(KernelEra era)
    {
        var program = Program(era, Faults.None, writers: 3);

        var report = TestingEngine.Run(program, Config);

        Assert.True(report.FoundBug, report.Summary());
        Assert.Contains("slept after", report.Bugs[0].Bug.Message, StringComparison.Ordinal);
        TraceFiles.AssertReplaysFromFile(program, report.Bugs[0]);
    }

    /// <summary>Each bio's first sleep for a request, in order; a bio submitted after sleeping must be the earliest sleeper not yet submitted.</summary>
    private sealed class FirstInLine : IKernelObserver
    {
        private readonly List<Bio> slept = [];

        public void RequestWaitSlept(Bio bio)
        {
            if (!slept.Contains(bio))
            {
                slept.Add(bio);
            }
        }

        public void BioSubmitted(Bio bio)
        {
            var place = slept.IndexOf(bio);
            if (place < 0)
            {
                return;
            }

            var overtaken = slept.Take(place).FirstOrDefault(earlier => !earlier.Submitted);
            Bug.On(overtaken is not null, "get_request_wait", $"bio {bio.Id} took the request though it slept after bio {overtaken?.Id}, still asleep");
        }
    }
}
