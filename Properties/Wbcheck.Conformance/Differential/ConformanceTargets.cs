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
        c => GenericWritepagesModel.Run(c));

    public static IReadOnlyList<ConformanceTarget> All { get; } = [GenericWritepages];

    public static ConformanceTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ConformanceException($"no conformance check for {name}; known: {string.Join(", ", All.Select(t => t.Name))}");
}
