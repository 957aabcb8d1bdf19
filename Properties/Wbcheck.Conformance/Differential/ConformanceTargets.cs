using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Running;

namespace Wbcheck.Conformance.Differential;

/// <summary>Every kernel function the differential compares with the model.</summary>
public static class ConformanceTargets
{
    /// <summary>
    /// 2.6.20 generic_writepages, with the helpers of mm/page-writeback.c it and the shim's
    /// filesystem call compiled from the same file: clear_page_dirty_for_io,
    /// test_set_page_writeback, test_clear_page_writeback (through end_page_writeback),
    /// __set_page_dirty_nobuffers and redirty_page_for_writepage.
    /// </summary>
    public static ConformanceTarget GenericWritepages { get; } = new(
        "generic_writepages",
        "mm/page-writeback.c",
        "2.6.20",
        ["generic_writepages", "__set_page_dirty_nobuffers", "redirty_page_for_writepage", "clear_page_dirty_for_io", "test_clear_page_writeback", "test_set_page_writeback"],
        "generic_writepages.c",
        c => WritepagesModel.Run((WritepagesCase)c))
    {
        Cases = () => WritepagesCaseGenerator.For(WritepagesCaseGenerator.MaxIndex, 14),
    };

    /// <summary>
    /// 2.6.23 generic_writepages, which since 2.6.22 hands the walk to write_cache_pages with
    /// __writepage as the callback (__writepage records the error with mapping_set_error, since
    /// 2.6.23), with the same helpers as 2.6.20 compiled from the file. The walk and the
    /// error bits are 2.6.20's, so it is compared with the model's 2.6.20 era.
    /// </summary>
    public static ConformanceTarget GenericWritepages2623 { get; } = new(
        "generic_writepages",
        "mm/page-writeback.c",
        "2.6.23",
        ["generic_writepages", "write_cache_pages", "__writepage", "__set_page_dirty_nobuffers", "redirty_page_for_writepage", "clear_page_dirty_for_io", "test_clear_page_writeback", "test_set_page_writeback"],
        "generic_writepages.c",
        c => WritepagesModel.Run((WritepagesCase)c))
    {
        Prelude = "writepages_2_6_23.h",
        Cases = () => WritepagesCaseGenerator.For(WritepagesCaseGenerator.MaxIndex, 14),
    };

    /// <summary>
    /// 6.9 write_cache_pages and writeback_iter, from a tree of 6.9 to 6.12 or, in the seeds,
    /// rebuilt from the 2024 patch that introduced writeback_iter. The static helpers they call
    /// (writeback_get_folio, folio_prepare_writeback, wbc_end, wbc_to_tag) are compiled from the
    /// tree when it defines them; the patch does not show them, so from the seeds they are the
    /// shim's stand-ins, written from 6.9. The folio and page-tree calls (filemap_get_folios_tag,
    /// tag_pages_for_writeback's xarray walk, folio_clear_dirty_for_io) are always the shim's.
    /// </summary>
    public static ConformanceTarget WriteCachePages { get; } = new(
        "write_cache_pages",
        "mm/page-writeback.c",
        "6.9",
        ["write_cache_pages", "writeback_iter"],
        "write_cache_pages.c",
        c => WritepagesModel.Run((WritepagesCase)c, Wbcheck.Model.KernelEra.V6_9))
    {
        Through = "6.12",
        Patch = "writeback_iter-patch-2024.txt",
        Prelude = "writeback_6_9.h",
        Cases = () => WritepagesCaseGenerator.For(WritepagesCaseGenerator.LargestIndex, 31),
        StandIns = ["writeback_get_folio", "folio_prepare_writeback", "wbc_end", "wbc_to_tag", "filemap_get_folios_tag", "tag_pages_for_writeback", "folio_clear_dirty_for_io"],
        FromSourceWhenPresent = ["writeback_get_folio", "folio_prepare_writeback", "wbc_end", "wbc_to_tag"],
    };

    /// <summary>2.6.20 get_dirty_limits: the background and dirty thresholds, on a CONFIG_HIGHMEM machine.</summary>
    public static ConformanceTarget GetDirtyLimits { get; } = new(
        "get_dirty_limits",
        "mm/page-writeback.c",
        "2.6.20",
        ["get_dirty_limits"],
        "get_dirty_limits.c",
        c => DirtyLimitsModel.Run((DirtyLimitsCase)c))
    {
        Prelude = "dirty_limits_2_6_20.h",
        Cases = DirtyLimitsCaseGenerator.Arbitrary,
    };

    /// <summary>
    /// 4.9 mpage_writepages and __mpage_writepage, with the mpage.c helpers they call, over
    /// generated file layouts against the model's BIO builder (what <c>wbcheck bios</c> runs).
    /// write_cache_pages, get_block, the bio calls and the -&gt;writepage fallback are the shim's,
    /// written from 4.9.
    /// </summary>
    public static ConformanceTarget MpageWritepages { get; } = new(
        "mpage_writepages",
        "fs/mpage.c",
        "4.9",
        ["mpage_writepages", "__mpage_writepage", "clean_buffers", "mpage_alloc", "mpage_bio_submit", "mpage_end_io"],
        "mpage_writepages.c",
        c => MpageModel.Run((MpageCase)c))
    {
        Prelude = "mpage_4_9.h",
        Cases = MpageCase.Arbitrary,
        StandIns = ["write_cache_pages", "bio_alloc", "bio_add_page", "submit_bio", "write_boundary_block", "unmap_underlying_metadata", "bdev_write_page", "zero_user_segment"],
    };

    public static IReadOnlyList<ConformanceTarget> All { get; } = [GenericWritepages, GenericWritepages2623, WriteCachePages, GetDirtyLimits, MpageWritepages];

    /// <summary>The first target of that name (the oldest version).</summary>
    public static ConformanceTarget Find(string name) => FindAll(name)[0];

    /// <summary>Every version of the function <paramref name="name"/> that is compared.</summary>
    public static IReadOnlyList<ConformanceTarget> FindAll(string name)
    {
        var found = All.Where(t => t.Name == name).ToList();
        return found.Count > 0
            ? found
            : throw new ConformanceException($"no conformance check for {name}; known: {string.Join(", ", All.Select(t => t.Name).Distinct())}");
    }
}
