using System.Collections.Immutable;
using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Properties.Writeback.Passes;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>The contract of a pass, worked out by hand for each rule it states.</summary>
public sealed class PassOracleTests
{
    private static readonly PageAtStart Dirty0 = new(0, Dirty: true, Writeback: false, XaMark.Dirty);
    private static readonly PageAtStart Dirty1 = new(1, Dirty: true, Writeback: false, XaMark.Dirty);
    private static readonly PageAtStart DirtyUnderWriteback2 = new(2, Dirty: true, Writeback: true, XaMark.Dirty | XaMark.Writeback);
    private static readonly PageAtStart Dirty3 = new(3, Dirty: true, Writeback: false, XaMark.Dirty);

    [Fact]
    public void A_cyclic_background_pass_stopped_by_nr_to_write_resumes_after_the_page_it_wrote_last()
    {
        var expected = PassOracle.Expected(Start(syncAll: false, cyclic: true, nr: 2, writebackIndex: 1, pages: [Dirty0, Dirty1, Dirty3]));

        Assert.Equal<(long, int)>([(1L, 0), (3L, 0)], expected.Written);
        Assert.Equal(0, expected.NrLeft);
        Assert.Equal(4, expected.WritebackIndex);
    }

    [Fact]
    public void A_cyclic_pass_that_reaches_the_end_leaves_writeback_index_at_0_without_wrapping()
    {
        var expected = PassOracle.Expected(Start(syncAll: false, cyclic: true, nr: 10, writebackIndex: 1, pages: [Dirty0, Dirty1]));

        Assert.Equal<(long, int)>([(1L, 0)], expected.Written);
        Assert.Equal(0, expected.WritebackIndex);
    }

    [Fact]
    public void Background_writeback_stops_at_the_first_error_and_returns_it()
    {
        var expected = PassOracle.Expected(Start(syncAll: false, pages: [Dirty0, Dirty1, Dirty3], failing: [1]));

        Assert.Equal<(long, int)>([(0L, 0), (1L, Errno.ENOSPC)], expected.Written);
        Assert.Equal(Errno.ENOSPC, expected.Result);
    }

    [Fact]
    public void Integrity_writeback_goes_on_after_errors_and_returns_the_first()
    {
        var expected = PassOracle.Expected(Start(syncAll: true, nr: 1, pages: [Dirty0, Dirty1, DirtyUnderWriteback2, Dirty3], failing: [1, 3]));

        Assert.Equal<(long, int)>([(0L, 0), (1L, Errno.ENOSPC), (2L, 0), (3L, Errno.ENOSPC)], expected.Written);
        Assert.Equal(Errno.ENOSPC, expected.Result);
        Assert.Equal(-3, expected.NrLeft);
    }

    [Fact]
    public void Of_several_errors_integrity_writeback_returns_the_first_and_background_writeback_stops_at_it()
    {
        var integrity = PassOracle.Expected(Start(syncAll: true, pages: [Dirty0, Dirty1, Dirty3], failing: [1, 3], errors: [Errno.EIO, Errno.ENOSPC]));
        var background = PassOracle.Expected(Start(syncAll: false, pages: [Dirty0, Dirty1, Dirty3], failing: [1, 3], errors: [Errno.EIO, Errno.ENOSPC]));

        Assert.Equal<(long, int)>([(0L, 0), (1L, Errno.EIO), (3L, Errno.ENOSPC)], integrity.Written);
        Assert.Equal(Errno.EIO, integrity.Result);
        Assert.Equal<(long, int)>([(0L, 0), (1L, Errno.EIO)], background.Written);
        Assert.Equal(Errno.EIO, background.Result);
    }

    [Fact]
    public void A_cyclic_pass_ignores_the_range_its_control_carries()
    {
        var expected = PassOracle.Expected(Start(syncAll: false, cyclic: true, first: 0, last: 0, writebackIndex: 1, pages: [Dirty0, Dirty1, Dirty3]));

        Assert.Equal<(long, int)>([(1L, 0), (3L, 0)], expected.Written);
    }

    [Fact]
    public void Background_writeback_skips_a_page_under_writeback_and_integrity_writeback_waits_for_it()
    {
        var background = PassOracle.Expected(Start(syncAll: false, pages: [DirtyUnderWriteback2, Dirty3]));
        var integrity = PassOracle.Expected(Start(syncAll: true, pages: [DirtyUnderWriteback2, Dirty3]));

        Assert.Equal<(long, int)>([(3L, 0)], background.Written);
        Assert.Equal<(long, int)>([(2L, 0), (3L, 0)], integrity.Written);
    }

    [Fact]
    public void A_tagged_pass_also_writes_what_an_earlier_pass_tagged_to_write()
    {
        var leftover = new PageAtStart(1, Dirty: true, Writeback: false, XaMark.Towrite);

        Assert.Equal<(long, int)>([(0L, 0), (1L, 0)], PassOracle.Expected(Start(syncAll: false, tagged: true, pages: [Dirty0, leftover])).Written);
        Assert.Equal<(long, int)>([(0L, 0)], PassOracle.Expected(Start(syncAll: false, pages: [Dirty0, leftover])).Written);
    }

    [Fact]
    public void A_range_bounds_the_pass_and_clean_pages_are_not_written()
    {
        var clean = new PageAtStart(1, Dirty: false, Writeback: false, XaMark.Dirty);

        Assert.Equal<(long, int)>([(1L, 0)], PassOracle.Expected(Start(syncAll: false, first: 1, last: 1, pages: [Dirty0, Dirty1, Dirty3])).Written);
        Assert.Empty(PassOracle.Expected(Start(syncAll: true, first: 1, last: 2, pages: [Dirty0, clean, Dirty3])).Written);
    }

    [Fact]
    public void A_page_wholly_past_eof_is_handed_over_without_error()
    {
        var expected = PassOracle.Expected(Start(syncAll: false, pages: [Dirty0, Dirty3], failing: [3], size: 2));

        Assert.Equal<(long, int)>([(0L, 0), (3L, 0)], expected.Written);
    }

    [Fact]
    public void Each_facet_judges_only_its_passes_and_says_what_the_contract_wanted()
    {
        var start = Start(syncAll: false, cyclic: true, nr: 1, pages: [Dirty0, Dirty1]);
        var resumedAtLastPage = new PassRecord("T0(writeback)", start, [(0L, 0)], 0, 0, WritebackIndex: 0);

        Assert.Null(PassOracle.Check(PassFacet.NrToWrite, resumedAtLastPage));
        Assert.Null(PassOracle.Check(PassFacet.Errors, resumedAtLastPage));
        Assert.Equal(
            "T0(writeback): a WB_SYNC_NONE pass, cyclic from writeback_index 0, nr_to_write 1, over pages [0:D 1:D] of a 4-page file, " +
            "wrote [0], returned 0, left nr_to_write 0 and writeback_index 0; its contract says [0], 0, nr_to_write 0, writeback_index 1",
            PassOracle.Check(PassFacet.WritebackIndex, resumedAtLastPage));
        Assert.Null(PassOracle.Check(PassFacet.WritebackIndex, resumedAtLastPage with { WritebackIndex = 1 }));
    }

    private static PassStart Start(
        bool syncAll,
        ImmutableArray<PageAtStart> pages,
        bool cyclic = false,
        bool tagged = false,
        long first = 0,
        long last = long.MaxValue,
        long nr = WritebackControl.LongMax,
        long writebackIndex = 0,
        long size = 4,
        ImmutableArray<long> failing = default,
        ImmutableArray<int> errors = default) =>
        new(0, syncAll, cyclic, tagged, first, last, nr, writebackIndex, size, pages,
            (failing.IsDefault ? [] : failing).Select((page, i) => (page, i)).ToImmutableDictionary(f => f.page, f => errors.IsDefault ? Errno.ENOSPC : errors[f.i]));
}
