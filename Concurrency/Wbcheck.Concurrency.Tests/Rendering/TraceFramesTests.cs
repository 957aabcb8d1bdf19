using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Rendering;

/// <summary>
/// A replayed trace kept as the state before it and each step's changes: applying the changes in
/// order, as the HTML view's script does, gives back the state after the last step.
/// </summary>
public sealed class TraceFramesTests
{
    [Theory]
    [InlineData(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V2_6_29)] // truncate and reclaim remove pages
    [InlineData(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_20)] // the writer adds pages
    [InlineData(CyclicWrapDeadlock.ScenarioName, KernelEra.V3_19)]
    public void Applying_every_change_to_the_initial_state_gives_the_final_state(string scenario, KernelEra era)
    {
        var cell = CellCheck.Run(scenario, era);

        var frames = TraceFrames.Capture(cell.Bug!, cell.Program!);

        Assert.True(frames.Replay.Reproduced, frames.Replay.Divergence);
        Assert.Equal(cell.Bug!.Steps.Count, frames.Frames.Count);
        Assert.Contains(frames.Frames, f => f.Changes.Count > 0);
        var state = frames.Initial.ToList();
        foreach (var frame in frames.Frames)
        {
            state = Apply(state, frame.Changes);
        }

        Assert.Equal(frames.Final, state);
    }

    [Fact]
    public void A_choice_step_carries_what_it_decided_and_the_step_before_it_nothing()
    {
        // An I/O completion runs bio_endio and chooses there whether the I/O failed: the error's
        // effects belong to the choice's row, and every later frame stays at its own step.
        var cell = CellCheck.Run(IoErrorThenFsync.ScenarioName, KernelEra.V4_13);
        var trace = cell.Bug!;

        var frames = TraceFrames.Capture(trace, cell.Program!);

        Assert.Equal(trace.Steps.Count, frames.Frames.Count);
        var choices = Enumerable.Range(1, trace.Steps.Count - 1).Where(i => trace.Steps[i].IsChoice && !trace.Steps[i - 1].IsChoice).ToList();
        Assert.NotEmpty(choices);
        Assert.All(choices, i => Assert.Empty(frames.Frames[i - 1].Changes));
        Assert.Contains(choices, i => frames.Frames[i].Changes.Count > 0);
    }

    [Fact]
    public void A_frame_says_who_sleeps_on_what_and_who_holds_which_page_lock()
    {
        var cell = CellCheck.Run(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29);

        var last = TraceFrames.Capture(cell.Bug!, cell.Program!).Frames[^1];

        Assert.Equal(cell.Bug!.Bug.WaitFor.Select(e => (e.ThreadId, e.Queue)), last.Sleeping.Select(s => (s.ThreadId, s.Queue)));
        Assert.All(last.Held, held => Assert.StartsWith("inode 1 page ", held.What, StringComparison.Ordinal));
        Assert.NotEmpty(last.Held);
    }

    /// <summary>The script's algorithm: drop removed keys, replace changed lines in place, insert added lines at their positions.</summary>
    private static List<string> Apply(List<string> lines, IReadOnlyList<StateChange> changes)
    {
        var removed = changes.Where(c => c.New is null).Select(c => c.Key).ToHashSet();
        var replaced = changes.Where(c => c.New is not null && c.Old is not null).ToDictionary(c => c.Key, c => c.New!);
        var result = lines.Where(l => !removed.Contains(TraceFrames.Key(l)))
            .Select(l => replaced.TryGetValue(TraceFrames.Key(l), out var now) ? now : l)
            .ToList();
        foreach (var added in changes.Where(c => c.Old is null).OrderBy(c => c.Position))
        {
            result.Insert(Math.Min(added.Position, result.Count), added.New!);
        }

        return result;
    }
}
