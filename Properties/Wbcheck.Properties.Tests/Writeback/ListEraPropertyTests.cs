using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Generation;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The property rows that run on the list era, 2.5.31 (docs/eras.md section 115): the generator
/// draws no command the era lacks, the rows that hold there catch a fault on 2.5.31, and the
/// rows that fail there fail with the era's own bugs, shrunk to a few commands.
/// </summary>
public sealed class ListEraPropertyTests(ITestOutputHelper output)
{
    private static readonly PropertyOptions FaultRun = PropertyOptions.Default with { MaxTest = 5_000, Replay = new ReplaySeed(20261207, 1234567891) };

    /// <summary>A row that fails on 2.5.31 by the era's own race, and a fault of the list era's model it catches.</summary>
    private static readonly Dictionary<string, (string Name, Faults Faults, Func<Faults, Action<WritebackCase>, Property> Property)> RowsAndFaults = new()
    {
        ["writepage ends writeback without I/O"] = (NoSilentClean.Name, new Faults { WritepageEndsWritebackWithoutIo = true }, (f, c) => WritebackProperties.NoSilentClean(KernelEra.V2_5, f, c)),
        ["writeback count leaked"] = (Accounting.Name, new Faults { LeakWritebackCount = true }, (f, c) => WritebackProperties.Accounting(KernelEra.V2_5, f, c)),
        ["truncate does not wait for writeback"] = (TruncateMonitor.Name, new Faults { TruncateSkipsWritebackWait = true }, (f, c) => WritebackProperties.TruncateAndReclaimSafety(KernelEra.V2_5, f, c)),
        ["dirtying leaves the page on its list"] = (IntegrityMonitor.Name, new Faults { DirtyLeavesPageOnItsList = true }, (f, c) => WritebackProperties.NoLostDirtyData(KernelEra.V2_5, f, c)),
        ["realfs: dirtying leaves the page on its list"] = (WritebackProperties.RealFsIntegrityName, new Faults { DirtyLeavesPageOnItsList = true }, (f, c) => WritebackProperties.RealFsIntegrity(KernelEra.V2_5, f, c)),
        ["->writepage skips zeroing past EOF"] = (EofTailZeroed.Name, new Faults { SimpleFsSkipsZeroingPastEof = true }, (f, c) => WritebackProperties.EofTailZeroedOnEveryWrite(KernelEra.V2_5, f, c)),
    };

    [Fact]
    public void The_list_era_s_mix_draws_no_punch_and_no_page_written_in_part()
    {
        var mix = (WritebackProperties.EofMix with { Truncate = 6 }).ForEra(KernelEra.V2_5);
        var cases = Gen.Sample(CaseGenerator.Case(mix), size: 60, seed: new Rnd(7, 0x9E3779B97F4A7C15), numberOfSamples: 300).ToList();

        Assert.Contains(cases, c => c.Commands.OfType<TruncateCommand>().Any());
        Assert.DoesNotContain(cases, c => c.Commands.OfType<TruncateCommand>().Any(t => t.Last is not null));
        Assert.Contains(cases, c => !c.Fs.IsPlain);
        Assert.DoesNotContain(cases, c => !c.Fs.Partial.IsEmpty);
    }

    [Fact]
    public void Written_data_stays_readable_until_unlink_on_2_5_31() =>
        PropertyCheck.Run(WritebackProperties.UnlinkName, WritebackProperties.NoLostWriteUntilUnlink(KernelEra.V2_5), TestBudget.Options, output.WriteLine);

    /// <summary>2.5.31's write holds i_sem as every era's does; without it a truncate removes the page the write grew the file over.</summary>
    [Fact]
    public void On_2_5_31_a_write_that_skips_the_inode_lock_is_caught()
    {
        var (failure, shrunk) = Caught(WritebackProperties.UnlinkName, (faults, onFailure) =>
            WritebackProperties.NoLostWriteUntilUnlink(KernelEra.V2_5, faults, onFailure), new Faults { WriteSkipsInodeLock = true });

        Assert.Contains("written data readable until unlink: a write of page", failure.Message);
        Assert.Contains("[era 2.5.31, faults ", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is WriteCommand);
    }

    [Fact]
    public void Reclaim_under_a_journal_handle_enters_no_filesystem_on_2_5_31() =>
        PropertyCheck.Run(WritebackProperties.NofsReclaimName, WritebackProperties.NofsReclaim(KernelEra.V2_5), TestBudget.Options, output.WriteLine);

    /// <summary>
    /// A filesystem that allocates with GFP_KERNEL under its handle: 2.5.31's direct reclaim may
    /// enter the filesystem, hands the mapping to generic_vm_writeback, and -&gt;writepage waits
    /// for the handle its own task holds.
    /// </summary>
    [Fact]
    public void On_2_5_31_a_filesystem_that_allocates_with_GFP_KERNEL_under_its_handle_is_caught()
    {
        var (failure, shrunk) = Caught(WritebackProperties.NofsReclaimName, (faults, onFailure) =>
            WritebackProperties.NofsReclaim(KernelEra.V2_5, faults, onFailure), new Faults { FsAllocatesWithGfpKernel = true });

        Assert.Contains("journal handle", failure.Message);
        Assert.Contains("[era 2.5.31, faults ", failure.Message);
        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands.OfType<ReclaimCommand>()));
        Assert.True(reclaim.InHandle);
        Assert.True(shrunk.Commands.Length <= 2, shrunk.ToString());
    }

    /// <summary>
    /// The list era's shared io_pages: a background pass has moved the dirty page to
    /// locked_pages, the fsync's walk finds io_pages empty and its fdatawait puts the page, not
    /// under writeback, back on dirty_pages, and the fsync returns 0 (the era table's rows of
    /// direct-reclaim-writer-vs-fsync and page-mkwrite-vs-writeback on 2.5.31).
    /// </summary>
    [Fact]
    public void On_2_5_31_an_fsync_misses_the_page_a_background_pass_took_off_io_pages()
    {
        var (failure, shrunk) = Caught(IntegrityMonitor.Name, (faults, onFailure) =>
            WritebackProperties.NoLostDirtyData(KernelEra.V2_5, faults, onFailure), Faults.None);

        Assert.Contains("no lost dirty data on WB_SYNC_ALL: sync of pages 0..end of mapping of inode 1 returned 0", failure.Message);
        Assert.Contains(shrunk.Commands, c => c is FsyncCommand);
        Assert.Contains(shrunk.Commands, c => c is WritebackCommand { Wbc.SyncAll: false });
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
    }

    /// <summary>
    /// 2.5.31's fault maps the page it looked up with no page lock and no truncate_count: a
    /// truncate removes the page between the lookup and the pte, and the store lands in a page of
    /// no file (the era table's fault-vs-truncate row on 2.5.31).
    /// </summary>
    [Fact]
    public void On_2_5_31_truncate_and_reclaim_safety_meets_the_unlocked_fault()
    {
        var (failure, shrunk) = Caught(TruncateMonitor.Name, (faults, onFailure) =>
            WritebackProperties.TruncateAndReclaimSafety(KernelEra.V2_5, faults, onFailure), Faults.None);

        Assert.Contains("kernel BUG in handle_pte_fault", failure.Message);
        Assert.Contains("maps a page that left mapping", failure.Message);
        Assert.Contains(shrunk.Commands, c => c is MapDirtyCommand);
        Assert.Contains(shrunk.Commands, c => c is TruncateCommand { Last: null });
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
    }

    /// <summary>
    /// The rows that fail on 2.5.31 through the era's own races still catch a fault of their own
    /// there, with the fault's own message and a counterexample without the command the race
    /// needs (a paused mapped store for the fault race, a background pass for io_pages'):
    /// the property finds the fault before the race in the same cases.
    /// </summary>
    [Theory]
    [InlineData("writepage ends writeback without I/O", "no silent clean: page 0 of mapping of inode 1 is clean, unlocked and not under writeback, but holds v1 and the disk v0", 1)]
    [InlineData("writeback count leaked", "accounting: NR_WRITEBACK is 1 but 0 page(s) are under writeback", 1)]
    [InlineData("truncate does not wait for writeback", "kernel BUG in filemap_unaccount_folio: page 0 removed from the page cache under writeback", 2)]
    [InlineData("dirtying leaves the page on its list", "no lost dirty data on WB_SYNC_ALL: sync of pages", 2)]
    [InlineData("realfs: dirtying leaves the page on its list", "no lost dirty data on WB_SYNC_ALL: sync of pages", 2)]
    [InlineData("->writepage skips zeroing past EOF", "EOF tail zeroed on every write: page 0 of inode 1 straddles i_size", 3)]
    public void On_2_5_31_a_row_that_fails_by_the_era_s_race_still_catches_a_fault_first(string fault, string message, int commands)
    {
        var (name, faults, property) = RowsAndFaults[fault];
        var (failure, shrunk) = Caught(name, property, faults);

        Assert.Contains(message, failure.Message);
        Assert.Contains("[era 2.5.31, faults ", failure.Message);
        Assert.True(shrunk.Commands.Length <= commands, shrunk.ToString());
        Assert.DoesNotContain(shrunk.Commands, c => name is IntegrityMonitor.Name or WritebackProperties.RealFsIntegrityName ? c is WritebackCommand { Wbc.SyncAll: false } : c is MapDirtyCommand);
    }

    private (PropertyFailedException Failure, WritebackCase Shrunk) Caught(
        string name, Func<Faults, Action<WritebackCase>, Property> property, Faults faults)
    {
        WritebackCase? last = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(name, property(faults, c => last = c), FaultRun));
        output.WriteLine(failure.Message);
        Assert.NotNull(last);
        return (failure, last);
    }
}
