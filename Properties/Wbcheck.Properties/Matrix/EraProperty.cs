using System.Collections.Immutable;
using System.Diagnostics;
using FsCheck;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Properties.Matrix;

/// <summary>
/// A property that can be checked on any era: its name, what it states, the cases a cell
/// checks by default, and on which eras it is expected to fail, as data.
/// </summary>
public sealed class EraProperty(string name, string statement, int cases, ImmutableArray<EraExpectation> failures, Func<KernelEra, Property> create)
{
    /// <summary>The seed a cell uses unless told otherwise, so that the matrix is the same every time.</summary>
    public const ulong DefaultSeed = 20240309;

    /// <summary>The gamma of FsCheck's SplitMix generator that goes with a seed (the golden ratio's, odd as SplitMix needs).</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>
    /// Cases over which a cell's sizes grow to the largest (<see cref="PropertyOptions.SizeRamp"/>):
    /// the largest budget of a holding cell, so those cells run as FsCheck ramps them. A failing
    /// era's larger budget goes on at the largest size, rather than spreading the same ramp over
    /// all its cases, where a race that needs many commands is met only late in the budget.
    /// </summary>
    public const int SizeRamp = 5000;

    public string Name { get; } = name;

    public string Statement { get; } = statement;

    /// <summary>Cases a cell checks by default: enough that each expected failure shows in practically every run.</summary>
    public int Cases { get; } = cases;

    /// <summary>The eras expected to fail, oldest first; on every other era the property is expected to hold.</summary>
    public ImmutableArray<EraExpectation> Failures { get; } = failures;

    /// <summary>The list era's n/a reason of a property about the page tree's tags and the walks over them.</summary>
    public const string DrivesPageTags =
        "the properties' cases drive the page tree's tags and the iterators over them; 2.5 keeps dirty pages on lists instead";

    /// <summary>
    /// Why the property cannot be checked on the list era (2.5.31: no page-tree tags, dirty pages
    /// on the mapping's lists, writeback walking io_pages), or null where its cases run there:
    /// what they check exists in that era too, and the generator draws only what the era has
    /// (<see cref="Writeback.Generation.CommandMix.ForEra"/>). By default the tags' reason.
    /// </summary>
    public string? NotOnListEra { get; init; } = DrivesPageTags;

    /// <summary>Why the property cannot be checked on <paramref name="era"/>, or null where it can.</summary>
    public string? NotApplicableTo(KernelEra era) => era.HasPageTags() ? null : NotOnListEra;

    /// <summary>What is expected on <paramref name="era"/>: the failure, or null where the property holds.</summary>
    public EraExpectation? ExpectedOn(KernelEra era) => Failures.FirstOrDefault(f => f.Covers(era));

    /// <summary>The property on <paramref name="era"/>, for a caller that runs it itself.</summary>
    public Property Create(KernelEra era) => create(era);

    /// <summary>The cases a cell of <paramref name="era"/> checks by default: the expected failure's own budget where it has one, else <see cref="Cases"/>.</summary>
    public int CasesOn(KernelEra era) => ExpectedOn(era)?.Cases ?? Cases;

    /// <summary>Check the property on <paramref name="era"/> with <paramref name="cases"/> cases (default <see cref="CasesOn"/>) from <paramref name="seed"/>.</summary>
    public EraCheckResult Check(KernelEra era, int? cases = null, ulong seed = DefaultSeed, TimeSpan? timeLimit = null) =>
        Check(era, cases ?? CasesOn(era), new ReplaySeed(seed, Gamma), timeLimit);

    /// <summary>Run again the case a failure reported as <paramref name="replay"/> (with its size, only that case).</summary>
    public EraCheckResult Replay(KernelEra era, ReplaySeed replay, int? cases = null, TimeSpan? timeLimit = null) => Check(era, cases ?? CasesOn(era), replay, timeLimit);

    private EraCheckResult Check(KernelEra era, int cases, ReplaySeed replay, TimeSpan? timeLimit)
    {
        var options = PropertyOptions.Default with { MaxTest = cases, Replay = replay, TimeLimit = timeLimit, SizeRamp = SizeRamp };
        var clock = Stopwatch.StartNew();
        CaseNotes.Take();
        try
        {
            PropertyCheck.Run(Name, create(era), options);
            return new EraCheckResult(Name, era, true, cases, null, null, null, clock.Elapsed) { CasesRun = cases, Notes = CaseNotes.Take() };
        }
        catch (PropertyTimedOutException stopped)
        {
            return new EraCheckResult(Name, era, true, stopped.Cases, null, null, null, clock.Elapsed) { StoppedAfter = stopped.Cases, CasesRun = stopped.Cases, Notes = CaseNotes.Take() };
        }
        catch (PropertyFailedException failure)
        {
            return new EraCheckResult(Name, era, false, cases, failure.Counterexample, failure.Message, failure.Replay, clock.Elapsed) { CasesRun = failure.Cases, Notes = CaseNotes.Take() };
        }
    }

    public override string ToString() => Name;
}
