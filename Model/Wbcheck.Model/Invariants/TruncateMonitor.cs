using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Truncate and reclaim safety, checked at the events: after truncating a range no page (and so
/// no tag) of it remains; no page leaves its mapping or is freed while locked by someone else,
/// under writeback, or dirty; no page that left its mapping is written.
/// </summary>
public sealed class TruncateMonitor : IKernelObserver
{
    public const string Name = "truncate and reclaim safety";

    public void TruncateEnded(AddressSpace mapping, long first, long last)
    {
        var left = mapping.Pages.FindNext(first, last, XaMark.None);
        if (left >= 0)
        {
            throw new InvariantViolationException(Name, $"page {left} of {mapping} is still cached after truncating pages {first}..{(last == long.MaxValue ? "end" : last)}");
        }
    }

    public void PageRemoved(Page page, AddressSpace mapping)
    {
        if (page.Writeback || page.Dirty)
        {
            throw new InvariantViolationException(Name, $"{page} left {mapping} while {(page.Writeback ? "under writeback" : "dirty")}");
        }
    }

    public void PageFreed(Page page)
    {
        if (page.Locked || page.Writeback)
        {
            throw new InvariantViolationException(Name, $"{page} freed while {(page.Locked ? "locked" : "under writeback")}");
        }
    }

    public void BioSubmitted(Block.Bio bio)
    {
        for (var i = 0; i < bio.Vecs.Count; i++)
        {
            if (bio.Vecs[i].Page.Mapping is null)
            {
                throw new InvariantViolationException(Name, $"{bio} writes {bio.Vecs[i].Page}, which has left its file");
            }
        }
    }
}
