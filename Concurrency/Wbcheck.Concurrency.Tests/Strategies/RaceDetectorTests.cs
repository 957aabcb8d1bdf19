using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests.Strategies;

/// <summary>
/// <see cref="RaceDetector"/> compares a step only with the earlier steps that may race with it
/// (<see cref="ObjectAccesses"/>). It must report exactly what the detector that compares each
/// step with every earlier step reports (<see cref="ReferenceRaceDetector"/>, the former code):
/// the same races, in the same order, with the same initials and branches, on random schedules
/// of reads, writes and global steps.
/// </summary>
public sealed class RaceDetectorTests
{
    [Theory]
    [InlineData(2, 6, 1UL)]
    [InlineData(3, 4, 2UL)]
    [InlineData(4, 8, 3UL)]
    [InlineData(5, 3, 4UL)]
    public void Reports_what_comparing_with_every_earlier_step_reports(int threads, int objects, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var races = 0;
        for (var schedule = 0; schedule < 300; schedule++)
        {
            var fast = new RaceDetector();
            var reference = new ReferenceRaceDetector();
            for (var round = 0; round < 3; round++)
            {
                // Reused detectors, as DFS reuses its own from schedule to schedule.
                fast.Clear();
                reference.Clear();
                races += CompareOneSchedule(fast, reference, random, threads, objects);
            }
        }

        // The schedules must have races to compare, or the test compares nothing.
        Assert.True(races > 1000, $"only {races} races");
    }

    [Fact]
    public void Many_objects_in_one_schedule_are_all_remembered()
    {
        // More objects than the detector's first table holds: each of 600 steps of two threads
        // writes its own object, then each thread reads them all; every write of the other thread races.
        var fast = new RaceDetector();
        var reference = new ReferenceRaceDetector();
        var buffer = new ulong[8];
        var fastRaces = new List<int>();
        var referenceRaces = new List<int>();
        for (var i = 0; i < 600; i++)
        {
            var footprint = Footprint.Of([Write((ulong)i * 7919)], ref buffer);
            fast.BeforeStep([0, 1]);
            reference.BeforeStep([0, 1]);
            fast.StepRan(i % 2, footprint, -1, detect: true, fastRaces.Add);
            reference.StepRan(i % 2, footprint, -1, detect: true, referenceRaces.Add);
        }

        for (var thread = 0; thread < 2; thread++)
        {
            var all = Footprint.Of(Enumerable.Range(0, 600).Select(i => Read((ulong)i * 7919)).ToArray(), ref buffer);
            fast.BeforeStep([0, 1]);
            reference.BeforeStep([0, 1]);
            fast.StepRan(thread, all, -1, detect: true, fastRaces.Add);
            reference.StepRan(thread, all, -1, detect: true, referenceRaces.Add);
        }

        Assert.Equal(referenceRaces, fastRaces);
        Assert.Contains(599, fastRaces);
    }

    [Fact]
    public void A_read_missed_since_the_last_write_is_a_race_lost()
    {
        // x written by thread 0, read by 1 and by 2, then written by 0 again: the write races with
        // both reads (neither happens before the other), and each must be reported.
        var detector = new RaceDetector();
        var reported = new List<int>();
        Step(detector, 0, [Write(1)], reported);
        Step(detector, 1, [Read(1)], reported);
        Step(detector, 2, [Read(1)], reported);
        reported.Clear();
        Step(detector, 0, [Write(1)], reported);
        Assert.Equal([2, 1], reported);
    }

    [Theory]
    [InlineData(2, 6, 11UL)]
    [InlineData(4, 8, 12UL)]
    [InlineData(6, 5, 13UL)]
    public void Pending_races_of_a_pruned_state_are_those_of_every_earlier_step(int threads, int objects, ulong seed)
    {
        // A prune's summary races (stateful DPOR) scan only the steps the clocks do not order
        // before the pruned thread's next step: the same steps, in the same order, as the scan of
        // every earlier step.
        var random = new DeterministicRandom(seed);
        var races = 0;
        for (var schedule = 0; schedule < 200; schedule++)
        {
            var fast = new RaceDetector(keepFootprints: true);
            var reference = new ReferenceRaceDetector();
            CompareOneSchedule(fast, reference, random, threads, objects);
            for (var thread = 0; thread < threads; thread++)
            {
                // A merged footprint: the union of a few steps' accesses.
                var buffer = new ulong[8];
                var log = new ulong[1 + random.NextInt(3 * objects)];
                for (var i = 0; i < log.Length; i++)
                {
                    log[i] = ((ulong)random.NextInt(objects) << 1) | (random.NextInt(3) == 0 ? 1UL : 0UL);
                }

                var merged = Footprint.Of(log, ref buffer).Copy();
                var fastRaces = new List<int>();
                var referenceRaces = new List<int>();
                fast.PendingRaces(thread, merged, fastRaces.Add);
                reference.PendingRaces(thread, merged, referenceRaces.Add);
                Assert.Equal(referenceRaces, fastRaces);
                races += fastRaces.Count;
            }
        }

        Assert.True(races > 100, $"only {races} pending races");
    }

    private static int CompareOneSchedule(RaceDetector fast, ReferenceRaceDetector reference, DeterministicRandom random, int threads, int objects)
    {
        var races = 0;
        var steps = 1 + random.NextInt(60);
        var buffer = new ulong[8];
        var enabled = new List<int>();
        for (var index = 0; index < steps; index++)
        {
            enabled.Clear();
            for (var t = 0; t < threads; t++)
            {
                if (random.NextInt(4) != 0)
                {
                    enabled.Add(t);
                }
            }

            if (enabled.Count == 0)
            {
                enabled.Add(random.NextInt(threads));
            }

            var thread = enabled[random.NextInt(enabled.Count)];
            var footprint = RandomFootprint(random, objects, ref buffer);
            var detect = random.NextInt(5) != 0;
            fast.BeforeStep(enabled.ToArray());
            reference.BeforeStep(enabled.ToArray());
            var fastRaces = new List<string>();
            var referenceRaces = new List<string>();
            fast.StepRan(thread, footprint, index, detect, i => fastRaces.Add(Describe(i, fast.InitialsOf(i, thread), fast.BranchBefore(i), fast.RunStart(i))));
            reference.StepRan(thread, footprint, index, detect, i => referenceRaces.Add(Describe(i, reference.InitialsOf(i, thread), reference.BranchBefore(i), reference.RunStart(i))));
            Assert.Equal(referenceRaces, fastRaces);
            races += fastRaces.Count;
        }

        return races;
    }

    private static Footprint RandomFootprint(DeterministicRandom random, int objects, ref ulong[] buffer)
    {
        if (random.NextInt(20) == 0)
        {
            return Footprint.Everything;
        }

        var log = new ulong[random.NextInt(4)];
        for (var i = 0; i < log.Length; i++)
        {
            log[i] = ((ulong)random.NextInt(objects) << 1) | (random.NextInt(2) == 0 ? 0UL : 1UL);
        }

        return Footprint.Of(log, ref buffer).Copy();
    }

    private static string Describe(int earlier, List<int> initials, int branch, int runStart) =>
        $"race with {earlier}: initials [{string.Join(",", initials)}], branch {branch}, run from {runStart}";

    private static void Step(RaceDetector detector, int thread, ulong[] log, List<int> reported)
    {
        var buffer = new ulong[8];
        detector.BeforeStep([0, 1, 2]);
        detector.StepRan(thread, Footprint.Of(log, ref buffer), -1, detect: true, reported.Add);
    }

    private static ulong Read(ulong id) => id << 1;

    private static ulong Write(ulong id) => (id << 1) | 1;
}
