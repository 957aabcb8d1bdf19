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

    /// <summary>
    /// handle_write_error records nothing: an error reclaim's -&gt;writepage returned for a page
    /// still in its mapping never reaches the file's next fsync. (The kernel records it.)
    /// </summary>
    public bool HandleWriteErrorDropsRecord { get; init; }

    /// <summary>
    /// handle_write_error records the error on the mapping pageout started with, without asking
    /// whether the page is still in it: after -&gt;writepage truncate may have taken the page and
    /// eviction freed the inode, and the record then writes to a freed mapping. (The kernel
    /// records only while page_mapping(page) is still the mapping.)
    /// </summary>
    public bool HandleWriteErrorSkipsMappingCheck { get; init; }

    /// <summary>
    /// handle_write_error asks whether the page is still in the mapping without taking the page
    /// lock, so nothing holds truncate off between the answer and the record: another CPU may
    /// truncate the page and evict the inode in between (the model yields there). (The kernel
    /// takes the page lock, which pins page-&gt;mapping.)
    /// </summary>
    public bool HandleWriteErrorSkipsPageLock { get; init; }
}
