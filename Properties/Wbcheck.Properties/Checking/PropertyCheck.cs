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
    /// <summary>Check <paramref name="property"/>; returns the number of cases run.</summary>
    public static void Run(string name, Property property, PropertyOptions? options = null, Action<string>? output = null)
    {
        options ??= PropertyOptions.Default;
        var runner = new CollectingRunner(options.TimeLimit is null ? null : Stopwatch.StartNew(), options.TimeLimit, options.MaxTest);
        var config = Config.Quick
            .WithName(name)
            .WithMaxTest(options.MaxTest)
            .WithEndSize(options.EndSize)
            .WithRunner(runner);
        if (options.Replay is { } replay)
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
    /// </summary>
    private sealed class CollectingRunner(Stopwatch? clock, TimeSpan? limit, int cases) : IRunner
    {
        private int passed;

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
            Result = testResult;
            Report = Runner.onFinishedToString(name, testResult);
        }
    }

    private sealed class TimeUp(int cases) : Exception($"stopped after {cases} cases")
    {
        public int Cases { get; } = cases;
    }
}
