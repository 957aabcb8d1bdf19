using FsCheck;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Mpage;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Mpage;

/// <summary>
/// The mpage BIO rules hold over 1000 random files each, and each is caught when the bug it
/// exists for is switched into the model, with a counterexample shrunk to a file of one or two
/// pages: the bound each test asserts is the largest seen over 200 runs with fresh seeds. The
/// odds of missing stated on each test were measured over 2000 generated cases: the share of
/// cases that expose the bug, p, gives a miss rate of (1 - p)^1000.
/// </summary>
public sealed class MpagePropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Generated_cases_are_valid_layouts_that_read_back_the_same() =>
        Holds("mpage cases are valid layouts", MpageProperties.CasesAreValidLayouts());

    [Fact]
    public void Every_dirty_page_is_written_exactly_once() =>
        Holds("every dirty page written once", MpageProperties.EveryDirtyPageWrittenOnce());

    [Fact]
    public void Bios_are_contiguous_and_in_page_order() =>
        Holds("bios contiguous and in order", MpageProperties.BiosContiguousAndInOrder());

    [Fact]
    public void No_bio_is_over_its_size_limit() =>
        Holds("no bio over its size limit", MpageProperties.NoBioOverItsSizeLimit());

    [Fact]
    public void Bytes_past_i_size_are_zero_on_disk() =>
        Holds("bytes past i_size zero on disk", MpageProperties.BytesPastEofZeroOnDisk());

    [Fact]
    public void Write_back_leaves_the_page_cache_coherent() =>
        Holds("page cache coherent after write-back", MpageProperties.LeavesThePageCacheCoherent());

    /// <summary>70% of generated cases have a confused dirty page: missed with odds 0.3^1000.</summary>
    [Fact]
    public void A_confused_page_left_unwritten_is_caught()
    {
        var (failure, shrunk) = Caught("every dirty page written once", MpageProperties.EveryDirtyPageWrittenOnce, new Faults { MpageConfusedDropsPage = true });

        Assert.Contains("was never written", failure.Message);
        AssertSmall(shrunk, pages: 1);
    }

    /// <summary>33% of cases have a dirty page that does not follow the bio before it: missed with odds 0.67^1000.</summary>
    [Fact]
    public void A_bio_across_a_discontiguity_is_caught()
    {
        var (failure, shrunk) = Caught("bios contiguous and in order", MpageProperties.BiosContiguousAndInOrder, new Faults { MpageIgnoresDiscontiguity = true });

        Assert.Contains("but the block map has it at sector", failure.Message);
        AssertSmall(shrunk, pages: 2);
    }

    /// <summary>10% of cases fill a bio past a small BIO_MAX_PAGES: missed with odds 0.9^1000 (about 1e-46).</summary>
    [Fact]
    public void A_bio_over_BIO_MAX_PAGES_is_caught()
    {
        var (failure, shrunk) = Caught("no bio over its size limit", MpageProperties.NoBioOverItsSizeLimit, new Faults { MpageIgnoresBioMaxPages = true });

        Assert.Contains("over BIO_MAX_PAGES 1", failure.Message);
        AssertSmall(shrunk, pages: 2);
    }

    /// <summary>26% of cases write a last page cut short through an mpage bio: missed with odds 0.74^1000.</summary>
    [Fact]
    public void A_page_tail_past_i_size_written_unzeroed_is_caught()
    {
        var (failure, shrunk) = Caught("bytes past i_size zero on disk", MpageProperties.BytesPastEofZeroOnDisk, new Faults { MpageSkipsZeroingPastEof = true });

        Assert.Contains("not zeroed", failure.Message);
        AssertSmall(shrunk, pages: 1);
    }

    /// <summary>98% of cases write some page back: missed with odds 0.02^1000.</summary>
    [Fact]
    public void A_writeback_count_leak_is_caught()
    {
        var (failure, shrunk) = Caught("page cache coherent after write-back", MpageProperties.LeavesThePageCacheCoherent, new Faults { LeakWritebackCount = true });

        Assert.Contains("NR_WRITEBACK", failure.Message);
        AssertSmall(shrunk, pages: 1);
    }

    [Fact]
    public void Replaying_the_seed_of_a_failure_gives_the_same_counterexample()
    {
        var faults = new Faults { MpageIgnoresDiscontiguity = true };
        var (first, _) = Caught("bios contiguous and in order", MpageProperties.BiosContiguousAndInOrder, faults);

        var again = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            "bios contiguous and in order", MpageProperties.BiosContiguousAndInOrder(faults), PropertyOptions.Default with { Replay = first.Replay }));

        Assert.Equal(first.Counterexample, again.Counterexample);
    }

    private void Holds(string name, Property property) => PropertyCheck.Run(name, property, output: output.WriteLine);

    /// <summary>Check the property with the faults in; it must fail. Returns the failure and the shrunk case (the last to fail).</summary>
    private (PropertyFailedException Failure, MpageCase Shrunk) Caught(string name, Func<Faults?, Action<MpageCase>?, Property> property, Faults faults)
    {
        MpageCase? last = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(name, property(faults, c => last = c)));
        output.WriteLine(failure.Message);
        Assert.NotNull(last);
        Assert.Contains(last.ToString(), failure.Counterexample);
        return (failure, last);
    }

    /// <summary>The shrunk counterexample is a file of at most <paramref name="pages"/> pages, at most that many dirty, and no buffers beyond them.</summary>
    private static void AssertSmall(MpageCase shrunk, int pages)
    {
        var layout = shrunk.ToLayout();
        Assert.True(layout.PageCount <= pages, $"shrunk to {layout.PageCount} pages, expected at most {pages}:\n{layout.ToText()}");
        Assert.True(layout.DirtyPages.Length <= pages, $"shrunk to {layout.DirtyPages.Length} dirty pages:\n{layout.ToText()}");
    }
}
