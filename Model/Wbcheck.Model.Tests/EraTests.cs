using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>What each kernel change in the era history changed, shown on single operations.</summary>
public sealed class EraTests
{
    private static World In(KernelEra era, int pages = 4, SimpleFsOptions? fs = null) =>
        new(pages, config: new KernelConfig { Era = era }, fs: fs);

    private static List<long> UnderWriteback(World world) =>
        [.. world.Kernel.CachedPages().Where(p => p.Writeback).Select(p => p.Index)];

    private static WritebackControl Cyclic() => WritebackControl.Background(16);

    [Fact]
    public void Every_era_is_listed_once_in_order_and_ended_by_the_next()
    {
        Assert.Equal(Enum.GetValues<KernelEra>(), KernelEras.All.Select(e => e.Era));
        Assert.Null(KernelEras.All[^1].EndedBy);
        for (var i = 0; i + 1 < KernelEras.All.Count; i++)
        {
            var ender = KernelEras.All[i].EndedBy!;
            var next = KernelEras.All[i + 1];
            if (ender.PreGit)
            {
                // Before git (2.6.12) there is no commit id: the -mm patch is named instead. The
                // next era is named after the source it models (2.6.20), later than the release
                // that began it (the tags of 2.6.6).
                Assert.Matches("^[a-z0-9-]+$", ender.Id);
                Assert.True(Version.Parse(ender.Release) < new Version(2, 6, 12), $"{ender} is said to predate git");
                Assert.True(Version.Parse(ender.Release) <= Version.Parse(next.Version), $"{ender} comes after {next.Version}");
            }
            else
            {
                Assert.Matches("^[0-9a-f]{12}$", ender.Id);
                Assert.Equal(next.Version, ender.Release);
            }
        }
    }

    [Fact]
    public void Only_the_list_era_ends_before_git_and_says_so()
    {
        Assert.Equal([KernelEra.V2_5], KernelEras.All.Where(e => e.EndedBy is { PreGit: true }).Select(e => e.Era));
        Assert.StartsWith("-mm patch stop-using-io-pages (", KernelEra.V2_5.Info().EndedBy!.ToString());
        Assert.StartsWith("05fe478dd04e (", KernelEra.V2_6_20.Info().EndedBy!.ToString());
    }

    [Fact]
    public void Only_the_list_era_keeps_page_lists_and_it_has_no_tags()
    {
        Assert.Equal([KernelEra.V2_5], Enum.GetValues<KernelEra>().Where(e => e.HasPageLists()));
        Assert.All(Enum.GetValues<KernelEra>(), e => Assert.NotEqual(e.HasPageLists(), e.HasPageTags()));
    }

    [Theory]
    [InlineData("6.9", KernelEra.V6_9)]
    [InlineData("6.10", KernelEra.V6_10)]
    [InlineData("v6.10", KernelEra.V6_10)]
    [InlineData("v2.6.20", KernelEra.V2_6_20)]
    [InlineData("2.5.31", KernelEra.V2_5)]
    [InlineData("V4_20", KernelEra.V4_20)]
    [InlineData("current", KernelEra.V6_10)]
    public void Eras_parse_as_users_write_them(string text, KernelEra era) => Assert.Equal(era, KernelEras.Parse(text));

    [Fact]
    public void An_unknown_era_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => KernelEras.Parse("3.0"));

        Assert.Contains("unknown kernel era '3.0'", error.Message);
        Assert.Contains("2.6.20, 2.6.29", error.Message);
    }

    [Fact]
    public void Before_2_6_29_nr_to_write_ends_an_integrity_pass_at_the_end_of_the_pagevec()
    {
        var world = new World(pages: 4, config: new KernelConfig { Era = KernelEra.V2_6_20, BatchSize = 2 });
        var wbc = WritebackControl.Integrity();
        wbc.NrToWrite = 2;

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal(0, result);
        Assert.Equal([0, 1], UnderWriteback(world));
        Assert.True(world.Page(2).Dirty && world.Page(3).Dirty);
    }

    [Fact]
    public void In_2_6_20_the_rest_of_the_pagevec_is_written_after_nr_to_write_runs_out()
    {
        var world = In(KernelEra.V2_6_20);
        var wbc = WritebackControl.Integrity();
        wbc.NrToWrite = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([0, 1, 2, 3], UnderWriteback(world));
        Assert.Equal(-2, wbc.NrToWrite);
    }

    [Fact]
    public void From_2_6_29_nr_to_write_does_not_end_an_integrity_pass()
    {
        var world = In(KernelEra.V2_6_29);
        var wbc = WritebackControl.Integrity();
        wbc.NrToWrite = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([0, 1, 2, 3], UnderWriteback(world));
    }

    [Fact]
    public void In_2_6_20_a_cyclic_pass_that_found_pages_does_not_wrap()
    {
        var world = In(KernelEra.V2_6_20);
        world.Mapping.WritebackIndex = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Cyclic()));

        Assert.Equal([2, 3], UnderWriteback(world));
        Assert.Equal(4, world.Mapping.WritebackIndex);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V4_17)]
    public void From_2_6_29_to_4_19_a_cyclic_pass_wraps_and_locks_a_lower_page_after_a_higher_one(KernelEra era)
    {
        var world = In(era);
        world.Kernel.Observers.Add(new LockOrderMonitor(world.Runtime));
        world.Mapping.WritebackIndex = 2;

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, Cyclic())));

        Assert.Equal("ascending lock order: T0(test) locked page 0 after page 3 in one writeback pass of mapping of inode 1", violation.Message);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V2_6_36, 1)]
    [InlineData(KernelEra.V3_19, 0)]
    [InlineData(KernelEra.V5_0, 0)]
    [InlineData(KernelEra.V6_9, 1)]
    public void A_cyclic_pass_stopped_by_nr_to_write_resumes_after_its_last_page_until_3_0_and_again_from_6_9(KernelEra era, long resumeAt)
    {
        var world = In(era);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(1)));

        Assert.Equal([0], UnderWriteback(world));
        Assert.Equal(resumeAt, world.Mapping.WritebackIndex);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_20_a_cyclic_pass_stops_at_eof_and_the_next_starts_at_0(KernelEra era)
    {
        var world = In(era);
        world.Kernel.Observers.Add(new LockOrderMonitor(world.Runtime));
        world.Mapping.WritebackIndex = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Cyclic()));

        Assert.Equal([2, 3], UnderWriteback(world));
        Assert.Equal(0, world.Mapping.WritebackIndex);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    public void Integrity_passes_tag_towrite_from_2_6_36(KernelEra era, bool tags)
    {
        var world = In(era, pages: 1, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 0 } });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(tags, world.Mapping.Pages.GetMark(0, XaMark.Towrite));
    }

    [Theory]
    [InlineData(KernelEra.V4_20, new long[] { 0 })]
    [InlineData(KernelEra.V5_0, new long[] { 0, 3 })]
    public void Integrity_writeback_goes_on_after_an_error_from_5_0(KernelEra era, long[] written)
    {
        var world = In(era, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1, 2 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.Equal(written, UnderWriteback(world));
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    public void Before_2_6_29_the_walker_alone_records_a_writepage_error_and_sets_no_errseq(KernelEra era)
    {
        var world = In(era, pages: 2, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.Equal(AddressSpaceFlags.Enospc, world.Mapping.Flags & (AddressSpaceFlags.Enospc | AddressSpaceFlags.Eio));
        Assert.Equal(default, world.Mapping.WbErr);
    }

    /// <summary>Two files open, a background writeback fails with -EIO, then each fsyncs, then a third opens and fsyncs.</summary>
    private static (int First, int Second, int Late) ErrorThenFsyncs(KernelEra era)
    {
        var world = In(era, pages: 1);
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        var first = world.Kernel.Open(world.Inode);
        var second = world.Kernel.Open(world.Inode);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();
        var late = world.Kernel.Open(world.Inode);
        int Fsync(OpenFile file) => world.Run(() => world.Fs.Fsync(file, 0, WritebackControl.LLongMax));
        return (Fsync(first), Fsync(second), Fsync(late));
    }

    [Fact]
    public void Before_4_13_only_the_first_fsync_is_told_of_a_writeback_error() =>
        Assert.Equal((Errno.EIO, 0, 0), ErrorThenFsyncs(KernelEra.V3_19));

    [Fact]
    public void From_4_13_every_file_open_at_the_error_is_told_but_not_a_later_opener() =>
        Assert.Equal((Errno.EIO, Errno.EIO, 0), ErrorThenFsyncs(KernelEra.V4_13));

    [Fact]
    public void From_4_17_a_later_opener_is_told_of_an_error_nobody_has_seen()
    {
        var world = In(KernelEra.V4_17, pages: 1);
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();

        var late = world.Kernel.Open(world.Inode);

        Assert.Equal(Errno.EIO, world.Run(() => world.Fs.Fsync(late, 0, WritebackControl.LLongMax)));
    }
}
