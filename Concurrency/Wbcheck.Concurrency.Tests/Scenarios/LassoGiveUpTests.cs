using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The lasso search gives up on a configuration only after two prefixes in a row at which every
/// lead stayed in the livelock for its whole allowance without a repeat (a heuristic). On the
/// livelock cells, in each configuration the minimizer searches, it finds the lasso the search
/// without the give-up finds, as short.
/// </summary>
public sealed class LassoGiveUpTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Pct = RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 };

    // The livelock cells, in their smallest configurations (the larger ones take minutes without
    // the give-up): the list era's fast dirtier with bios of 1 and 2 pages (lassos of 87 and 147
    // steps: built with its least RATELIMIT_PAGES, 8, 2.5.31 looks every 9 pages, ShrunkLassoTests), fsync against a dirtier in 2.6.29 (a lasso since its proportions, which decide
    // nothing there, are left out of the state).
    [Theory]
    [InlineData(BioRedirty.FastDirtierNoIoPagesName, KernelEra.V2_5, 2)]
    [InlineData(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_29, 1)]
    public void Giving_up_early_loses_no_lasso_the_whole_search_finds(string name, KernelEra era, int configurations)
    {
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());
        var trace = found.Bugs[0];

        var whole = 0;
        var withGiveUp = 0;
        var lassos = 0;
        foreach (var program in ((ILassoConfigurations)scenario).SmallerConfigurations().Take(configurations))
        {
            var (wholeSteps, wholeCandidates) = Shortest(program, trace, giveUpEarly: false);
            var (steps, candidates) = Shortest(program, trace, giveUpEarly: true);
            output.WriteLine($"{program.Name} {string.Join(",", program.Parameters.Select(p => $"{p.Key}={p.Value}"))}: whole search {wholeSteps?.ToString() ?? "no lasso"} ({wholeCandidates} candidates), giving up early {steps?.ToString() ?? "no lasso"} ({candidates})");

            Assert.Equal(wholeSteps, steps);
            whole += wholeCandidates;
            withGiveUp += candidates;
            lassos += steps is null ? 0 : 1;
        }

        output.WriteLine($"{lassos} configurations with a lasso; {whole} candidates without giving up, {withGiveUp} with");
        Assert.True(withGiveUp <= whole);
        Assert.Equal(configurations, lassos);
    }

    private static (int? Steps, int Candidates) Shortest(ITestProgram program, Traces.BugTrace trace, bool giveUpEarly)
    {
        var search = new MinimizationSearch(program, trace, Deadline.None);
        var kept = LassoSearch.Run(search, trace.Steps.Count, out var candidates, giveUpEarly);
        return (kept ? search.Best.Steps.Count : null, candidates);
    }
}
