using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Generation;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>Generated cases stay within their bounds, print as listings, and shrink to other valid cases.</summary>
public sealed class CaseGeneratorTests
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private static readonly WritebackCase Sample = new(
        [new FileSetup(3, "dc.", [new FailingPage(2, Errno.EIO)], 1)],
        WritebackCase.DefaultBatchSize,
        Aggregate: false,
        [
            new WriteCommand(0, 2),
            new WritebackCommand(0, new WbcSpec(SyncAll: false, Cyclic: false, First: 1, Last: 2, NrToWrite: 3, Tagged: true), Steps: 2),
            new FsyncCommand(0, 2, null),
            new TruncateCommand(0, 1, 2),
            new StepCommand(1, null),
            new CompleteCommand(0, Error: true),
        ]);

    [Fact]
    public void A_case_prints_as_a_numbered_listing()
    {
        Assert.Equal(
            """
            batch 31, ->writepage, a bio per page
              f0: 3 pages [dc.] ->writepage fails on 2:-EIO writeback_index 1
              1. write f0:2
              2. writeback f0 WB_SYNC_NONE 1..2 nr 3 tagged (pause after 2)
              3. fsync f0 2..end
              4. punch f0 1..2
              5. step op 1 to sleep or end
              6. complete io 0 with -EIO
            """.ReplaceLineEndings("\n"),
            Sample.ToString());
    }

    [Fact]
    public void A_wbc_spec_gives_the_byte_range_and_counts_of_the_kernel()
    {
        var ranged = new WbcSpec(SyncAll: true, Cyclic: false, First: 2, Last: 5, NrToWrite: 7, Tagged: false).ToWbc();
        var cyclic = new WbcSpec(SyncAll: false, Cyclic: true, First: 2, Last: 5, NrToWrite: null, Tagged: true).ToWbc();

        Assert.Equal((WritebackSyncMode.All, 2L << 12, (6L << 12) - 1, 7L), (ranged.SyncMode, ranged.RangeStart, ranged.RangeEnd, ranged.NrToWrite));
        // A range_cyclic control may carry a range; the pass must ignore it, so it is passed on.
        Assert.Equal((true, 2L << 12, (6L << 12) - 1, WritebackControl.LongMax, true), (cyclic.RangeCyclic, cyclic.RangeStart, cyclic.RangeEnd, cyclic.NrToWrite, cyclic.TaggedWritepages));
        Assert.Equal("WB_SYNC_NONE cyclic (range 2..5 ignored) tagged", new WbcSpec(SyncAll: false, Cyclic: true, First: 2, Last: 5, NrToWrite: null, Tagged: true).ToString());
        Assert.Equal("WB_SYNC_NONE cyclic", new WbcSpec(SyncAll: false, Cyclic: true, First: 0, Last: null, NrToWrite: null, Tagged: false).ToString());
    }

    [Fact]
    public void Dropping_a_page_moves_the_later_pages_down_in_the_file_and_in_its_commands()
    {
        var dropped = CaseGenerator.Shrink(Sample).First(c => c.Files[0].Pages == 2 && c.Files[0].Cache == "c.");

        Assert.Equal(new FileSetup(2, "c.", [new FailingPage(1, Errno.EIO)], 0).ToString(), dropped.Files[0].ToString());
        Assert.Equal(
            ["write f0:1", "writeback f0 WB_SYNC_NONE 0..1 nr 3 tagged (pause after 2)", "fsync f0 1..end", "punch f0 0..1", "step op 1 to sleep or end", "complete io 0 with -EIO"],
            dropped.Commands.Select(c => c.ToString()));
    }

    [Fact]
    public void Generated_cases_stay_within_their_bounds()
    {
        foreach (var c in Gen.Sample(CaseGenerator.Case(CommandMix.Interleaved), size: 100, seed: new Rnd(1, Gamma), numberOfSamples: 300))
        {
            Assert.InRange(c.Files.Length, 1, 2);
            Assert.InRange(c.Commands.Length, 1, CaseGenerator.MaxCommands);
            Assert.All(c.Files, f =>
            {
                Assert.InRange(f.Pages, 1, CaseGenerator.MaxPages);
                Assert.Equal(f.Pages, f.Cache.Length);
                Assert.InRange(f.WritebackIndex, 0, f.Pages);
            });
            Assert.All(c.Commands.OfType<OperationCommand>(), o => Assert.InRange(o.File, 0, c.Files.Length - 1));
        }
    }

    [Fact]
    public void The_page_lifetime_mix_truncates_inside_pages_and_those_cases_run_clean_on_the_current_era()
    {
        var partial = Gen.Sample(CaseGenerator.Case(WritebackProperties.PageLifetimeMix), size: 60, seed: new Rnd(3, Gamma), numberOfSamples: 100)
            .Where(c => c.Commands.OfType<TruncateCommand>().Any(t => t.PartialBytes > 0))
            .ToList();

        Assert.True(partial.Count >= 10, $"{partial.Count} of 100 cases truncate inside a page");
        var options = WorldOptions.Default with { SplitCompletions = true, Watched = Watched.TruncateReclaim | Watched.Accounting };
        Assert.All(partial, c => Assert.Null(new WritebackWorld(c, options).Run()));
        Assert.Contains(CaseGenerator.Shrink(partial[0]), c => c.Commands.OfType<TruncateCommand>().Count(t => t.PartialBytes > 0) < partial[0].Commands.OfType<TruncateCommand>().Count(t => t.PartialBytes > 0));
    }

    /// <summary>
    /// The real-filesystem integrity mix draws filesystems without -&gt;writepage, and only where
    /// the case has a -&gt;writepages (aggregating, or pages written in part); the mix it comes
    /// from, which does not ask, never does; and its cases run clean on the current era.
    /// </summary>
    [Fact]
    public void Only_a_mix_that_asks_draws_a_filesystem_without_writepage_and_only_with_writepages()
    {
        var drawn = Gen.Sample(CaseGenerator.Case(WritebackProperties.RealFsIntegrityMix), size: 60, seed: new Rnd(4, Gamma), numberOfSamples: 200)
            .Where(c => c.Fs.NoWritepage)
            .ToList();

        Assert.True(drawn.Count >= 5, $"{drawn.Count} of 200 cases have no ->writepage");
        Assert.All(drawn, c => Assert.True(c.Aggregate || !c.Fs.Partial.IsEmpty));
        Assert.All(drawn, c => Assert.Contains("no ->writepage", c.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Gen.Sample(CaseGenerator.Case(WritebackProperties.RealFsMix), size: 60, seed: new Rnd(4, Gamma), numberOfSamples: 200), c => c.Fs.NoWritepage);
        var options = WorldOptions.Default with { Watched = Watched.Integrity | Watched.TruncateReclaim };
        Assert.All(drawn, c => Assert.Null(new WritebackWorld(c, options).Run()));
    }

    /// <summary>
    /// The journal mix draws direct reclaim under the journal handle, filesystems whose
    /// -&gt;writepage starts a handle and an unused inode in the inode cache, each shrinking to the
    /// plain form (the handle dropped first, then direct reclaim); no other mix draws any of them,
    /// and those cases run clean on the current era.
    /// </summary>
    [Fact]
    public void Only_the_journal_mix_draws_reclaim_under_a_handle_and_a_journalled_writepage()
    {
        var cases = Gen.Sample(CaseGenerator.Case(WritebackProperties.JournalMix), size: 60, seed: new Rnd(5, Gamma), numberOfSamples: 100);
        var inHandle = cases.SelectMany(c => c.Commands).OfType<ReclaimCommand>().Where(r => r.InHandle).ToList();

        Assert.True(inHandle.Count >= 20, $"{inHandle.Count} reclaims under the handle in 100 cases");
        Assert.All(inHandle, r => Assert.True(r.Direct));
        Assert.True(cases.Count(c => c.Fs.Journalled) >= 70, $"{cases.Count(c => c.Fs.Journalled)} of 100 filesystems journal their ->writepage");
        Assert.InRange(cases.Count(c => c.UnusedInodes > 0), 30, 70);
        Assert.InRange(cases.Count(c => c.UnusedInodes == WritebackCase.HundredUnusedInodes), 3, 25);
        var hundred = cases.First(c => c.UnusedInodes == WritebackCase.HundredUnusedInodes);
        Assert.Equal([0, 1], CaseGenerator.Shrink(hundred).Where(c => c.UnusedInodes != hundred.UnusedInodes).Select(c => c.UnusedInodes));
        Assert.Equal(
            ["direct reclaim f0:3 under the journal handle", "direct reclaim f1:3", "direct reclaim f1:0 under the journal handle", "direct reclaim f1:2 under the journal handle"],
            CaseGenerator.ShrinkCommand(new ReclaimCommand(1, 3, Direct: true, InHandle: true)).Select(c => c.ToString()));
        foreach (var mix in new[] { WritebackProperties.RealFsMix, WritebackProperties.TruncateReclaimMix, CommandMix.Interleaved })
        {
            var other = Gen.Sample(CaseGenerator.Case(mix), size: 60, seed: new Rnd(5, Gamma), numberOfSamples: 100);
            Assert.DoesNotContain(other, c => c.Fs.Journalled || c.UnusedInodes > 0 || c.Commands.OfType<ReclaimCommand>().Any(r => r.InHandle));
        }

        var options = WorldOptions.Default with { Watched = Watched.Coherence | Watched.Accounting | Watched.TruncateReclaim };
        Assert.All(cases.Take(30), c => Assert.Null(new WritebackWorld(c, options).Run()));
    }

    /// <summary>
    /// Every shrink candidate differs from its case (FsCheck would otherwise shrink forever) and
    /// runs: the harness accepts every case the shrinker makes.
    /// </summary>
    [Fact]
    public void Every_shrink_candidate_is_a_different_case_that_runs()
    {
        var options = WorldOptions.Default with { Watched = Watched.Coherence | Watched.Accounting | Watched.Integrity | Watched.TruncateReclaim };
        foreach (var c in Gen.Sample(CaseGenerator.Case(CommandMix.Interleaved with { Aggregate = 30, FailingPage = 10 }), size: 60, seed: new Rnd(2, Gamma), numberOfSamples: 40))
        {
            foreach (var candidate in CaseGenerator.Shrink(c).Take(60))
            {
                Assert.NotEqual(c.ToString(), candidate.ToString());
                Assert.Null(new WritebackWorld(candidate, options).Run());
            }
        }
    }

    [Fact]
    public void Command_shrinks_go_toward_plain_forms()
    {
        var writeback = new WritebackCommand(1, new WbcSpec(SyncAll: true, Cyclic: true, First: 0, Last: null, NrToWrite: 4, Tagged: true), Steps: 3);

        Assert.Equal(
            [
                "writeback f1 WB_SYNC_ALL cyclic nr 4 tagged",
                "writeback f1 WB_SYNC_ALL cyclic nr 4 tagged (pause after 0)",
                "writeback f1 WB_SYNC_ALL cyclic nr 4 tagged (pause after 2)",
                "writeback f0 WB_SYNC_ALL cyclic nr 4 tagged (pause after 3)",
                "writeback f1 WB_SYNC_ALL cyclic nr 4 (pause after 3)",
                "writeback f1 WB_SYNC_ALL cyclic tagged (pause after 3)",
                "writeback f1 WB_SYNC_ALL cyclic nr 1 tagged (pause after 3)",
                "writeback f1 WB_SYNC_ALL cyclic nr 3 tagged (pause after 3)",
                "writeback f1 WB_SYNC_ALL 0..end nr 4 tagged (pause after 3)",
                "writeback f1 WB_SYNC_NONE cyclic nr 4 tagged (pause after 3)",
            ],
            CaseGenerator.ShrinkCommand(writeback).Select(c => c.ToString()));
        Assert.Equal(["complete io 2", "complete io 0 with -EIO"], CaseGenerator.ShrinkCommand(new CompleteCommand(2, Error: true)).Select(c => c.ToString()));
        Assert.Empty(CaseGenerator.ShrinkCommand(new StepCommand(0, null)));
    }
}
