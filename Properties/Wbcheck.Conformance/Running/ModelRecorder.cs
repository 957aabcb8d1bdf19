using Wbcheck.Conformance.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Running;

/// <summary>Records the model's events with the state after each, in the shim's format; a page lock is an event.</summary>
internal sealed class ModelRecorder(Kernel kernel, AddressSpace mapping) : IKernelObserver
{
    public List<Anchor> Anchors { get; } = [];

    public void Anchor(string what) => Anchors.Add(new Anchor(what, State()));

    public void PageLocked(Page page) => Anchor($"lock_page {page.Index}");

    private string State()
    {
        var tree = mapping.Pages;
        var pages = new List<(long, string, string)>();
        for (var index = 0L; index < tree.Capacity; index++)
        {
            if (tree.Load(index) is not { } page)
            {
                continue;
            }

            var flags = string.Concat(page.Locked ? "L" : "", page.Dirty ? "D" : "", page.Writeback ? "W" : "", page.Error ? "E" : "", page.Uptodate ? "U" : "");
            var tags = string.Concat(
                tree.GetMark(index, XaMark.Dirty) ? "d" : "", tree.GetMark(index, XaMark.Writeback) ? "w" : "", tree.GetMark(index, XaMark.Towrite) ? "t" : "");
            pages.Add((index, flags, tags));
        }

        return PageCacheState.Format(
            pages,
            (mapping.Flags & AddressSpaceFlags.Eio) != 0,
            (mapping.Flags & AddressSpaceFlags.Enospc) != 0,
            kernel.Vmstat.NrFileDirty,
            kernel.Vmstat.NrWriteback);
    }
}
