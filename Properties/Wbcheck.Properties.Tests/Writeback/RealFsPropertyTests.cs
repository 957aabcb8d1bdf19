using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The properties over filesystems like real ones (clusters, declining, partial pages) hold on
/// the current era, and each catches the bug it exists for with a short counterexample: an
/// iterator that misses the budget a cluster spent, and an era whose set_page_writeback drops
/// the TOWRITE tag of a page written in part, each with a case of one or two commands (a write
/// may be needed to cache the pages). Each is found within the first hundreds of cases from the
/// fixed seed. (A cluster past EOF, which needs a truncate paused
/// between setting i_size and removing the pages, is not found in 5,000 cases; FsBehaviourTests
/// shows it caught.)
/// </summary>
public sealed class RealFsPropertyTests(ITestOutputHelper output)
{
    /// <summary>The matrix's seed, so a run's shrunk counterexample is the same every time.</summary>
    private static readonly PropertyOptions Seeded = PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) };

    [Fact]
    public void Background_writeback_stays_within_nr_to_write_with_filesystems_that_spend_it() =>
        PropertyCheck.Run(WritebackBudget.Name, WritebackProperties.WritebackBudget(), Seeded with { MaxTest = TestBudget.Cases }, output.WriteLine);

    [Fact]
    public void Fsync_loses_no_data_with_filesystems_like_real_ones() =>
        PropertyCheck.Run(WritebackProperties.RealFsIntegrityName, WritebackProperties.RealFsIntegrity(), Seeded with { MaxTest = TestBudget.Cases }, output.WriteLine);

    [Fact]
    public void An_iterator_that_ends_a_pass_only_at_zero_is_caught_after_a_cluster_spent_the_budget_past_it()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackBudget.Name,
            WritebackProperties.WritebackBudget(faults: new Faults { NrToWriteSpentOnlyAtZero = true }, onFailure: c => shrunk = c),
            Seeded));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.True(shrunk.Commands.Length <= 2, shrunk.ToString());
        Assert.Matches(@"writeback f[01] WB_SYNC_NONE .*nr [12]$", shrunk.Commands[^1].ToString());
        Assert.Equal(2, shrunk.Fs.Cluster);
        Assert.False(shrunk.Fs.Decline);
        Assert.Empty(shrunk.Fs.Partial);
        Assert.Matches("background writeback bounded by nr_to_write: page \\d+ of inode [12] starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent \\(-\\d+\\)", failure.Message);
    }

    /// <summary>
    /// A declining -&gt;writepage that leaves reclaim's page clean and unwritten (and pageout then
    /// frees it) is found by the budget property's cases only because every case now watches no
    /// silent clean: with the check watched only where a property asked for it, the budget
    /// property held 1,000 cases on each of 21 seeds (the matrix's and 101-120) and the EOF
    /// property too, and no lost dirty data with filesystems like real ones found it on 2 of
    /// them, since an fsync after the free owes nothing for a page that is gone. From the
    /// matrix's seed it is found after 664 cases.
    /// </summary>
    [Fact]
    public void A_declining_writepage_that_forgets_to_redirty_reclaims_data_no_fsync_owes_and_no_silent_clean_sees_it()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackBudget.Name,
            WritebackProperties.WritebackBudget(faults: new Faults { DeclineForgetsRedirty = true }, onFailure: c => shrunk = c),
            Seeded with { MaxTest = 1000 }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        // Minimal: one dirty page of a declining filesystem, and two reclaims (the first finds
        // the page referenced by its write and keeps it, the second writes it out).
        Assert.True(shrunk.Fs.Decline, shrunk.ToString());
        Assert.Equal(1, Assert.Single(shrunk.Files).Pages);
        Assert.Equal(["reclaim f0:0", "reclaim f0:0"], shrunk.Commands.Select(c => c.ToString()));
        Assert.Matches(@"no silent clean: page \d+ of mapping of inode \d+ is clean, unlocked and not under writeback, but holds v\d+ and the disk v\d+", failure.Message);
    }

    [Fact]
    public void A_page_written_in_part_loses_its_tag_and_its_data_on_2_6_36()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.RealFsIntegrityName,
            WritebackProperties.RealFsIntegrity(KernelEra.V2_6_36, onFailure: c => shrunk = c),
            Seeded));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.Equal("fsync f0 0..end", Assert.Single(shrunk.Commands).ToString());
        Assert.Single(shrunk.Fs.Partial);
        Assert.Equal(1, shrunk.Fs.Cluster);
        Assert.Contains("returned 0, but page", failure.Message);
    }
}
