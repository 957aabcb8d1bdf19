namespace Wbcheck.Model;

/// <summary>Bugs of hole punching against a fault or a read that reads a page in.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The filesystem's hole punch takes neither the mapping's invalidate_lock nor ext4's
    /// i_mmap_sem: a fault may read a page back in between the punch's page-cache truncation and
    /// the freeing of its blocks, as before ea3d7209ca01. punch-vs-fault exists to catch it.
    /// </summary>
    public bool PunchSkipsInvalidateLock { get; init; }

    /// <summary>
    /// filemap_fault reads a page in without the mapping's invalidate_lock, and ext4's -&gt;fault
    /// wrapper without its i_mmap_sem, though the punch takes them. punch-vs-fault exists to
    /// catch it.
    /// </summary>
    public bool FaultSkipsInvalidateLock { get; init; }

    /// <summary>
    /// read(2) adds and fills pages (readahead, filemap_create_folio, filemap_update_page)
    /// without the mapping's invalidate_lock, as before 730633f0b7f9, though the punch takes it.
    /// punch-vs-read exists to catch it.
    /// </summary>
    public bool ReadSkipsInvalidateLock { get; init; }

    /// <summary>
    /// ext4's -&gt;page_mkwrite maps and allocates the page's blocks without its i_mmap_sem
    /// (4.5 to 5.14) or the mapping's invalidate_lock (5.15 on), though the punch takes them, as
    /// before ea3d7209ca01. punch-vs-store-fault catches it together with
    /// <see cref="FaultSkipsInvalidateLock"/>: alone, the fault's own lock on the read-in and the
    /// page lock leave a whole page no window (docs/eras.md section 129).
    /// </summary>
    public bool PageMkwriteSkipsInvalidateLock { get; init; }
}
