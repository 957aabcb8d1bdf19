using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Memcg;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>The matrix proves holding cells on configurations larger than the small forms.</summary>
public sealed class ProofFormsTests
{
    [Theory]
    [InlineData(EvictVsReclaim.ScenarioName, "full form, 3 threads, its fixed file", "small form, 2 threads, its fixed file")]
    [InlineData(FsyncVsDirtier.ScenarioName, "small form, 2 threads, 6 pages", "small form, 2 threads, 2 pages")]
    [InlineData(FsyncVsTruncate.ScenarioName, "full form, 2 threads, 6 pages", "small form, 2 threads, 2 pages")]
    [InlineData(BackgroundVsReclaimTruncate.ScenarioName, "full form, 3 threads, 5 pages", "small form, 3 threads, 2 pages")]
    [InlineData(CyclicWrapDeadlock.ScenarioName, "full form, 3 threads, its fixed file", "small form, 3 threads, its fixed file")]
    [InlineData(CgwbSyncVsSwitch.ScenarioName, "small form, 2 threads, its fixed file", "small form, 2 threads, its fixed file")]
    public void The_proof_configuration_says_its_size(string scenario, string proof, string small)
    {
        var options = ScenarioOptions.Default with { Era = KernelEra.V6_9 };

        Assert.Equal(proof, ProofForms.Describe(scenario, options));
        Assert.Equal(small, ProofForms.Describe(scenario, options, larger: false));
    }

    [Fact]
    public void A_proof_smaller_in_the_list_era_says_so()
    {
        // background-vs-reclaim-truncate at 5 pages does not end within the matrix's budget on 2.5.31.
        var eras = Enum.GetValues<KernelEra>();
        var listEra = ScenarioOptions.Default with { Era = KernelEra.V2_5 };

        Assert.Equal(4, ProofForms.For(BackgroundVsReclaimTruncate.ScenarioName, listEra).Pages);
        Assert.Equal(
            "full form, 3 threads, 5 pages (2.5.31: full form, 3 threads, 4 pages)",
            ProofForms.DescribeAcross(BackgroundVsReclaimTruncate.ScenarioName, eras));
        Assert.Equal("full form, 2 threads, 6 pages", ProofForms.DescribeAcross(FsyncVsTruncate.ScenarioName, eras));
    }

    [Fact]
    public void A_proof_small_from_an_era_on_says_so()
    {
        // memcg-reclaim-writeback-wait's full form does not end within the matrix's budget from 6.9.
        var eras = Enum.GetValues<KernelEra>().Where(era => ScenarioCatalog.AppliesTo(MemcgReclaimWritebackWait.ScenarioName, era)).ToList();

        Assert.False(ProofForms.For(MemcgReclaimWritebackWait.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V5_0 }).Small);
        Assert.True(ProofForms.For(MemcgReclaimWritebackWait.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_9 }).Small);
        Assert.True(ProofForms.For(MemcgReclaimWritebackWait.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_10 }).Small);
        Assert.Equal(
            "full form, 2 threads, its fixed file (6.9: small form, 1 threads, its fixed file; 6.10: small form, 1 threads, its fixed file)",
            ProofForms.DescribeAcross(MemcgReclaimWritebackWait.ScenarioName, eras));
    }

    [Fact]
    public void Every_scenario_is_proven_no_smaller_than_its_small_form()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            var era = Enum.GetValues<KernelEra>().First(e => ScenarioCatalog.AppliesTo(name, e));
            var options = ScenarioOptions.Default with { Era = era };
            var proof = ProofForms.For(name, options);
            var small = ProofForms.Small(options);

            Assert.True(proof.Pages >= small.Pages, name);
            Assert.True(ProofForms.ThreadsAtStart(name, proof) >= ProofForms.ThreadsAtStart(name, small), name);
        }
    }

    [Fact]
    public void The_matrix_budget_searches_the_proof_configuration()
    {
        // Writes of 3 pages against truncate instead of 1: more schedules to exhaust, none a bug.
        var small = CellCheck.Run(BufferedWriteVsTruncate.ScenarioName, KernelEra.V6_9, expected: null, CellBudget.Default);
        var larger = CellCheck.Run(BufferedWriteVsTruncate.ScenarioName, KernelEra.V6_9, expected: null, CellBudget.Matrix);

        Assert.True(small.Matches && larger.Matches, small.Problem ?? larger.Problem);
        Assert.True(larger.Runs[0].Iterations > small.Runs[0].Iterations, $"{larger.Runs[0].Iterations} vs {small.Runs[0].Iterations}");
    }
}
