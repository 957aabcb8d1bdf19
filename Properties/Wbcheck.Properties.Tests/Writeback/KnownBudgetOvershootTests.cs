using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Running;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// 2.6.20's generic_writepages writes the rest of its pagevec after nr_to_write runs out, which
/// the budget property's catalog row records as the era's kernel behaviour. The budget check is
/// watched in every case, but only the budget property fails on that overshoot there: any other
/// property notes it in the case's log and is decided by its own invariants, so the 2.6.20
/// column shows each property's own finding (docs/eras.md section 99).
/// </summary>
public sealed class KnownBudgetOvershootTests(ITestOutputHelper output)
{
    private static readonly PropertyOptions Seeded = PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) };

    /// <summary>Two dirty pages and a background pass with nr_to_write 1: 2.6.20 writes both.</summary>
    private static readonly WritebackCase Overshoot = new(
        [new FileSetup(2, "dd", [], 0)],
        WritebackCase.DefaultBatchSize,
        Aggregate: false,
        [new WritebackCommand(0, WbcSpec.WholeFile(syncAll: false) with { NrToWrite = 1 })]);

    [Fact]
    public void The_catalog_knows_the_overshoot_on_2_6_20_only()
    {
        Assert.True(EraPropertyCatalog.BudgetOvershootIsKernelBehaviour(KernelEra.V2_6_20));
        Assert.All(KernelEras.All.Select(i => i.Era).Where(e => e.AtLeast(KernelEra.V2_6_29)),
            era => Assert.False(EraPropertyCatalog.BudgetOvershootIsKernelBehaviour(era)));
    }

    [Fact]
    public void A_case_of_2_6_20_that_overshoots_the_budget_notes_it_and_holds_unless_the_budget_is_its_property()
    {
        var options = WritebackProperties.Options(KernelEra.V2_6_20, null) with { Watched = Watched.Coherence | Watched.Accounting | Watched.Integrity | Watched.LockOrder };
        var world = new WritebackWorld(Overshoot, options);

        var failure = world.Run();

        Assert.True(failure is null, failure?.Describe());
        Assert.Contains(world.Log, line => line.StartsWith(
            "1: noted, not failed: background writeback bounded by nr_to_write: page 1 of inode 1 starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent (0)",
            StringComparison.Ordinal));

        var strict = new WritebackWorld(Overshoot, options with { BudgetOvershootIsKernelBehaviour = false }).Run();
        Assert.NotNull(strict);
        Assert.Equal(WritebackBudget.Name, strict.Invariant);
    }

    /// <summary>
    /// Six dirty pages, a batch of 2 and nr_to_write 1: 2.6.20 writes page 0, which spends the
    /// budget, and page 1, the rest of its pagevec (the known overshoot, noted); with the walk
    /// going on past the spent budget it writes page 2 from the next pagevec, which is not the
    /// kernel's overshoot and fails as the budget check does.
    /// </summary>
    private static readonly WritebackCase PastThePagevec = new(
        [new FileSetup(6, "dddddd", [], 0)],
        BatchSize: 2,
        Aggregate: false,
        [new WritebackCommand(0, WbcSpec.WholeFile(syncAll: false) with { NrToWrite = 1 })]);

    [Fact]
    public void Only_the_rest_of_the_pagevec_is_noted_an_overshoot_past_it_fails()
    {
        var options = WritebackProperties.Options(KernelEra.V2_6_20, null) with { Watched = Watched.Coherence | Watched.Accounting | Watched.Integrity | Watched.LockOrder };

        var world = new WritebackWorld(PastThePagevec, options);
        var failure = world.Run();
        Assert.True(failure is null, failure?.Describe());
        Assert.Contains(world.Log, line => line.Contains("noted, not failed: background writeback bounded by nr_to_write: page 1 of inode 1", StringComparison.Ordinal));

        var faulted = new WritebackWorld(PastThePagevec, options with { Faults = Faults.None with { WritepagesWalkGoesOnPastSpentBudget = true } }).Run();
        Assert.NotNull(faulted);
        Assert.Equal(WritebackBudget.Name, faulted.Invariant);
        Assert.Contains("page 2 of inode 1 starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent (-1): not the era's known overshoot (the rest of the pagevec, at most 1 page(s)", faulted.Describe());
    }

    /// <summary>
    /// A property other than the budget's, on 2.6.20, with the walk going on past a spent budget:
    /// the overshoot is not the era's, so the property fails on it, shrunk to a file longer than
    /// its batch and one background pass.
    /// </summary>
    [Fact]
    public void A_property_on_2_6_20_fails_on_an_overshoot_that_is_not_the_kernel_s()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.RealFsIntegrityName,
            WritebackProperties.RealFsIntegrity(KernelEra.V2_6_20, Faults.None with { WritepagesWalkGoesOnPastSpentBudget = true }, c => shrunk = c),
            Seeded with { MaxTest = 1000 }));
        output.WriteLine(failure.Message);

        Assert.Contains("not the era's known overshoot", failure.Message);
        Assert.NotNull(shrunk);
        var file = Assert.Single(shrunk.Files);
        Assert.True(file.Pages > Math.Min(14, shrunk.BatchSize), $"{file.Pages} page(s), batch {shrunk.BatchSize}");
    }

    /// <summary>
    /// From the matrix's seed no silent clean finds the fault-vs-punch race of d00806b18315 after
    /// 426 cases, as before the budget was watched in every case; with the overshoot a failure
    /// it reported the overshoot after 2.
    /// </summary>
    [Fact]
    public void No_silent_clean_on_2_6_20_finds_its_own_race_not_the_overshoot()
    {
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            NoSilentClean.Name, WritebackProperties.NoSilentClean(KernelEra.V2_6_20), Seeded with { MaxTest = 1000 }));
        output.WriteLine(failure.Message);

        Assert.Contains("kernel BUG in handle_pte_fault: pte of page 0 W D maps a page that left mapping of inode 1", failure.Message);
        Assert.DoesNotContain("starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent", failure.Message);
    }

    /// <summary>With the overshoot a failure, this property failed on it after 73 cases.</summary>
    [Fact]
    public void Fsync_with_filesystems_like_real_ones_holds_on_2_6_20() =>
        PropertyCheck.Run(WritebackProperties.RealFsIntegrityName, WritebackProperties.RealFsIntegrity(KernelEra.V2_6_20), Seeded with { MaxTest = 1000 }, output.WriteLine);

    [Fact]
    public void The_budget_property_still_fails_on_2_6_20_with_two_pages_and_nr_to_write_1()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackBudget.Name, WritebackProperties.WritebackBudget(KernelEra.V2_6_20, onFailure: c => shrunk = c), Seeded with { MaxTest = 1000 }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.Equal("writeback f0 WB_SYNC_NONE 0..end nr 1", Assert.Single(shrunk.Commands).ToString());
        Assert.Equal(2, Assert.Single(shrunk.Files).Pages);
        Assert.Contains("background writeback bounded by nr_to_write: page 1 of inode 1 starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent (0) [era 2.6.20]", failure.Message);
    }
}
