namespace Wbcheck.Model.Invariants;

/// <summary>
/// NR_FILE_DIRTY and NR_WRITEBACK equal the number of page-cache pages that are dirty and under
/// writeback. A folio_mark_dirty between setting PG_dirty and its accounting is allowed for.
/// </summary>
public static class Accounting
{
    public const string Name = "accounting";

    /// <summary>The first violation found, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        // Runs after every step of every exploration: plain loops, nothing allocated, each tree's
        // capacity read once (a read is an access-log look-up).
        long dirty = 0, pending = 0, writeback = 0;
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            var tree = inodes[i].Mapping.Pages;
            for (long index = 0, capacity = tree.Capacity; index < capacity; index++)
            {
                if (tree.Load(index) is { } page)
                {
                    dirty += page.Dirty ? 1 : 0;
                    pending += page.DirtyPendingTag ? 1 : 0;
                    writeback += page.Writeback ? 1 : 0;
                }
            }
        }

        var vmstat = kernel.Vmstat;
        if (vmstat.NrFileDirty + pending != dirty)
        {
            return $"NR_FILE_DIRTY is {vmstat.NrFileDirty} but {dirty} page(s) are dirty" +
                (pending > 0 ? $" ({pending} not yet accounted)" : "");
        }

        return vmstat.NrWriteback != writeback
            ? $"NR_WRITEBACK is {vmstat.NrWriteback} but {writeback} page(s) are under writeback"
            : null;
    }
}
