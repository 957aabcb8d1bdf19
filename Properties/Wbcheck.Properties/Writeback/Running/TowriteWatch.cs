using System.Globalization;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// What keeps a tagged pass (WB_SYNC_ALL or tagged_writepages, from 2.6.36) from livelocking
/// against a steady dirtier (f446daaea9d4): tag_pages_for_writeback sets TOWRITE only on pages of
/// the range of the pass that tags, and the pass then walks TOWRITE, so it writes only pages
/// that carried the tag at some moment since it began (its own tagging's, or another tagged
/// pass's over them). A pass walking DIRTY would also write pages dirtied after it began, and a
/// tagging past its range end would hand other passes pages no tagging over them chose. Both
/// hold only between steps: the tags are looked at after every step, every tag a step sets is
/// checked against the range of the pass of the thread that stepped, and each open pass keeps
/// every page it has seen tagged.
/// </summary>
internal sealed class TowriteWatch : IKernelObserver
{
    public const string Name = "a tagged pass tags only its range and writes only what was tagged";

    private readonly Kernel kernel;
    private readonly Dictionary<ModelThread, OpenPass> open = [];
    private HashSet<(AddressSpace Mapping, long Index)> tagged;

    public TowriteWatch(Kernel kernel)
    {
        this.kernel = kernel;
        tagged = Tagged();
    }

    /// <summary>After <paramref name="thread"/> took a step: the first TOWRITE tag it set outside the range of its own tagged pass, or null.</summary>
    public string? AfterStep(ModelThread thread)
    {
        var now = Tagged();
        string? violation = null;
        foreach (var (mapping, index) in now)
        {
            if (violation is null && !tagged.Contains((mapping, index)) && !Covers(thread, mapping, index))
            {
                violation = string.Create(CultureInfo.InvariantCulture,
                    $"{Name}: {thread} set TOWRITE on page {index} of {mapping}, outside the range of {(open.TryGetValue(thread, out var pass) && pass.Mapping == mapping ? $"its pass ({pass})" : "any tagged pass it has open on that file")}");
            }

            foreach (var pass in open.Values)
            {
                if (pass.Mapping == mapping)
                {
                    pass.Seen.Add(index);
                }
            }
        }

        tagged = now;
        return violation;
    }

    /// <summary>The current thread's -&gt;writepage of <paramref name="page"/>: a tagged pass hands it only pages it has seen tagged TOWRITE.</summary>
    public void Writepage(Page page)
    {
        if (open.TryGetValue(kernel.Runtime.Current, out var pass) && pass.Tags && pass.Mapping == page.Mapping && !pass.Seen.Contains(page.Index))
        {
            throw new InvariantViolationException(Name, string.Create(CultureInfo.InvariantCulture,
                $"{kernel.Runtime.Current} wrote page {page.Index} of {pass.Mapping} in its pass ({pass}), but the page carried no TOWRITE tag at any moment since the pass began"));
        }
    }

    void IKernelObserver.WritebackPassStarted(AddressSpace mapping, WritebackControl wbc)
    {
        var tags = kernel.Era.TagsTowrite() && (wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages);
        var first = wbc.RangeCyclic ? 0 : wbc.RangeStart >> WritebackControl.PageShift;
        // The contract's range, worked out here rather than by the model's wbc_end, which a mutant may break.
        var last = wbc.RangeCyclic || wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift;
        var seen = tagged.Where(t => t.Mapping == mapping).Select(t => t.Index).ToHashSet();
        open[kernel.Runtime.Current] = new OpenPass(mapping, tags, first, last, wbc.SyncMode == WritebackSyncMode.All, wbc.TaggedWritepages, seen);
    }

    void IKernelObserver.WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result) =>
        open.Remove(kernel.Runtime.Current);

    private bool Covers(ModelThread thread, AddressSpace mapping, long index) =>
        open.TryGetValue(thread, out var pass) && pass.Tags && pass.Mapping == mapping && pass.First <= index && index <= pass.Last;

    private HashSet<(AddressSpace, long)> Tagged()
    {
        var set = new HashSet<(AddressSpace, long)>();
        foreach (var inode in kernel.Inodes)
        {
            var tree = inode.Mapping.Pages;
            for (var index = tree.FindNext(0, long.MaxValue, XaMark.Towrite); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.Towrite))
            {
                set.Add((inode.Mapping, index));
            }
        }

        return set;
    }

    private sealed record OpenPass(AddressSpace Mapping, bool Tags, long First, long Last, bool SyncAll, bool TaggedWritepages, HashSet<long> Seen)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{(SyncAll ? "WB_SYNC_ALL" : "WB_SYNC_NONE")}{(TaggedWritepages ? " tagged" : "")} over pages {First}..{(Last == long.MaxValue ? "end" : Last.ToString(CultureInfo.InvariantCulture))}");
    }
}
