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
/// The property with munmap and get_user_pages dirtiers on 2.5 (the matrix checks it on 2.6.20 to
/// 6.9, EraPropertyCatalogTests): 2.5.31's fault maps the page it looked up with no page lock and
/// no truncate_count re-check (docs/page-tables.md, "The fault's page lock"), so a truncate
/// between the lookup and the pte leaves a pte to a page of no file, which the store's check
/// catches with a counterexample of two commands, MapDirty and Truncate (2.5.31 has no range
/// truncation, so no punch is drawn there: EraSettings.TruncateRange). That race came first from the matrix's seed until 2.5.31's
/// reclaim wrote a dirty page through generic_vm_writeback (docs/eras.md section 71), whose igrab
/// under the page lock failed a one-command case first; property worlds now note that igrab
/// (section 115), and the race comes first again. A zap_pte_range that drops a dirty pte is shown on 2.5 by the
/// hand-written munmap case below, not by the property. Reclaim without its PG_dirty check after the reference freeze is not found by
/// the gup property in 200,000 cases from the matrix's seed (the page must be pinned, cleaned by
/// writeback, and reclaim paused inside a window of two steps when the dirtier runs); the race
/// scenario gup-dirty-vs-reclaim finds it with an unlocked dirtier (GupDirtyVsReclaimTests).
/// </summary>
public sealed class UnmapPropertyTests(ITestOutputHelper output)
{
    /// <summary>The matrix's seed, so a run's shrunk counterexample is the same every time.</summary>
    private static readonly PropertyOptions Seeded = PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) };

    /// <summary>
    /// Since property worlds note generic_vm_writeback's igrab rather than fail on it (docs/eras.md
    /// section 115), the fault's race comes first again from the matrix's seed: a mapped store
    /// paused in its fault and a truncate.
    /// </summary>
    [Fact]
    public void On_2_5_the_unlocked_fault_meets_a_truncate_first()
    {
        var (failure, shrunk) = Caught(KernelEra.V2_5, Faults.None, WritebackProperties.NoSilentCleanUnmapped);

        Assert.DoesNotContain(ReclaimInodeReference.Name + ":", failure.Message.Split('\n')[0]);
        Assert.Contains("kernel BUG in handle_pte_fault", failure.Message);
        Assert.Equal([typeof(MapDirtyCommand), typeof(TruncateCommand)], shrunk.Commands.Select(c => c.GetType()));
    }

    /// <summary>The munmap command reaches zap_pte_range itself: a store left in the pte (2.5's msync not run yet), then munmap.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Munmap_moves_a_dirty_pte_into_PG_dirty_and_the_fault_that_drops_it_is_caught(bool dropped)
    {
        var @case = new WritebackCase(
            [new FileSetup(1, "c", [], 0)],
            WritebackCase.DefaultBatchSize,
            Aggregate: false,
            [new MapDirtyCommand(0, 0, Steps: 4), new MunmapCommand(0, 0, null)]);
        var world = new WritebackWorld(@case, WorldOptions.Default with
        {
            Era = KernelEra.V2_5,
            Faults = new Faults { ZapDropsDirtyPte = dropped },
        });

        var failure = world.Run();

        output.WriteLine(string.Join("\n", world.Log));
        if (dropped)
        {
            Assert.NotNull(failure);
            Assert.Equal(NoSilentClean.Name, failure.Invariant);
            Assert.Contains("command 2 (munmap f0)", failure.Where);
        }
        else
        {
            Assert.Null(failure);
            Assert.Contains(world.Log, line => line.StartsWith("2: T1(munmap f0) ran", StringComparison.Ordinal));
        }
    }

    private (PropertyFailedException Failure, WritebackCase Shrunk) Caught(
        KernelEra era, Faults faults, Func<KernelEra?, Faults?, Action<WritebackCase>?, FsCheck.Property> property)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.UnmapName,
            property(era, faults, c => shrunk = c),
            Seeded with { MaxTest = 20_000 }));
        output.WriteLine(failure.Message);
        Assert.NotNull(shrunk);
        output.WriteLine(shrunk.ToString());
        return (failure, shrunk);
    }
}
