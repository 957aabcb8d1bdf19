namespace Wbcheck.Model;

/// <summary>Bugs of reclaim's pageout.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// pageout cleans a page (clear_page_dirty_for_io) before it tests for a NULL -&gt;writepage,
    /// so a page of a filesystem without one is activated clean and unwritten: its data is lost,
    /// and neither the flusher nor fsync will write it. The kernel tests -&gt;writepage first.
    /// </summary>
    public bool PageoutCleansBeforeWritepageTest { get; init; }
}
