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
