using System.Diagnostics;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Wbcheck.Properties.Checking;

/// <summary>
/// Runs an FsCheck property inside any test framework (FsCheck.Xunit is not on our feed): the
/// report goes to a text sink, and a failure throws <see cref="PropertyFailedException"/> with
/// the shrunk counterexample and the seed that replays it.
/// </summary>
public static class PropertyCheck
{
    /// <summary>
    /// Check <paramref name="property"/>. With a <see cref="PropertyOptions.SizeRamp"/> shorter
    /// than the budget, in two runs: the ramp's cases, then the rest at the largest size, from
    /// the random state FsCheck would have reached after the ramp (it splits its state once a case).
    /// </summary>
    public static void Run(string name, Property property, PropertyOptions? options = null, Action<string>? output = null)
    {
        options ??= PropertyOptions.Default;
        var clock = options.TimeLimit is null ? null : Stopwatch.StartNew();
        if (options.SizeRamp is not { } ramp || ramp >= options.MaxTest || options.Replay?.Size is not null)
        {
            RunPart(name, property, options, Config.Quick, options.Replay, 0, clock, output);
            return;
        }

        // Without a seed to replay, a fresh one (FsCheck's own would be as random), with its golden gamma.
        var start = options.Replay ?? new ReplaySeed((ulong)System.Random.Shared.NextInt64(), new Rnd(0).Gamma);
        // A failing case throws, so the second run only starts when every case of the ramp passed.
        RunPart(name, property, options with { MaxTest = ramp }, Config.Quick, start, 0, clock, null);
        var rest = options with { MaxTest = options.MaxTest - ramp };
        RunPart(name, property, rest, Config.Quick.WithStartSize(options.EndSize), After(start, ramp), ramp, clock, output);
    }

    /// <summary>
    /// The random state FsCheck's runner goes on with after <paramref name="cases"/> cases from
    /// <paramref name="start"/>: each case it splits its SplitMix state, gives the case the new
    /// half and keeps the old one two gammas on.
    /// </summary>
    private static ReplaySeed After(ReplaySeed start, int cases) =>
        new(unchecked(start.Seed + (2 * (ulong)cases * start.Gamma)), start.Gamma);

    /// <summary>
    /// One FsCheck run of <paramref name="options"/>' cases after <paramref name="before"/>
    /// cases already passed; a failed, discarded or timed-out run throws.
    /// </summary>
    private static void RunPart(string name, Property property, PropertyOptions options, Config quick, ReplaySeed? replay, int before, Stopwatch? clock, Action<string>? output)
    {
        var runner = new CollectingRunner(clock, options.TimeLimit, before, before + options.MaxTest);
        var config = quick
            .WithName(name)
            .WithMaxTest(options.MaxTest)
            .WithEndSize(options.EndSize)
            .WithRunner(runner);
        if (replay is not null)
        {
            var size = replay.Size is { } s ? FSharpOption<int>.Some(s) : FSharpOption<int>.None;
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(replay.Seed, replay.Gamma), size)));
        }

        try
        {
            Check.One(config, property);
        }
        catch (TimeUp up)
        {
            throw new PropertyTimedOutException(name, up.Cases);
        }

        output?.Invoke(runner.Report);
        if (runner.Result is TestResult.Failed failed)
        {
            var seed = new ReplaySeed(failed.Item6.Seed, failed.Item6.Gamma, failed.Item7);
            throw new PropertyFailedException(name, runner.Report, seed, Runner.argumentsToString(failed.Item3)) { Cases = failed.Item1.NumberOfTests };
        }

        if (runner.Result is TestResult.Exhausted)
        {
            throw new InvalidOperationException($"property '{name}' gave up: too many cases discarded\n{runner.Report}");
        }
    }

    /// <summary>
    /// A runner reports each passing case through <see cref="IRunner.OnArguments"/>, between two
    /// cases and outside the property: the one place to stop a check that has no time budget.
    /// Its counts include the <paramref name="before"/> cases of an earlier run of the same check.
    /// </summary>
    private sealed class CollectingRunner(Stopwatch? clock, TimeSpan? limit, int before, int cases) : IRunner
    {
        private readonly int earlier = before;

        private int passed = before;

        public string Report { get; private set; } = "";

        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type type)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
            passed++;
            // After the last case the check is complete, however long it took.
            if (clock is not null && passed < cases && clock.Elapsed >= limit)
            {
                throw new TimeUp(passed);
            }
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult)
        {
            Result = Counted(testResult);
            Report = Runner.onFinishedToString(name, Result);
        }

        /// <summary>The result with the earlier run's cases in its count of tests.</summary>
        private TestResult Counted(TestResult result)
        {
            if (earlier == 0)
            {
                return result;
            }

            static TestData Add(TestData data, int cases) => new(data.NumberOfTests + cases, data.NumberOfShrinks, data.Stamps, data.Labels);
            return result switch
            {
                TestResult.Passed p => TestResult.NewPassed(Add(p.Item1, earlier), p.Item2),
                TestResult.Failed f => TestResult.NewFailed(Add(f.Item1, earlier), f.Item2, f.Item3, f.Item4, f.Item5, f.Item6, f.Item7),
                TestResult.Exhausted e => TestResult.NewExhausted(Add(e.Item, earlier)),
                _ => result,
            };
        }
    }

    private sealed class TimeUp(int cases) : Exception($"stopped after {cases} cases")
    {
        public int Cases { get; } = cases;
    }
}
