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

    /// <summary>The mappings being punched by a filesystem that, in the era, has no lock keeping faults out of the range.</summary>
    private readonly HashSet<AddressSpace> punchedUnguarded = [];

    public void PunchStarted(AddressSpace mapping, bool faultsKeptOut)
    {
        if (!faultsKeptOut)
        {
            punchedUnguarded.Add(mapping);
        }
    }

    public void PunchEnded(AddressSpace mapping) => punchedUnguarded.Remove(mapping);

    /// <summary>
    /// No page of the range is left: truncate's postcondition, which the kernel keeps for a
    /// truncation to EOF (a fault past the lowered i_size gets SIGBUS) and for a punch holding the
    /// lock faults take to read in (ext4's i_mmap_sem from 4.5, the invalidate_lock from 5.15).
    /// A punch inside i_size by a filesystem that has no such lock in its era was never promised
    /// it: a fault may read a page of the range back in from the blocks about to be freed
    /// (ea3d7209ca01, "ext4: fix races between page faults and hole punching", 4.5 [V: its
    /// message]; 730633f0b7f9 for every filesystem, 5.15). That page is the bug's first half only;
    /// its damage, the page mapping freed blocks, is <see cref="FreedBlockMapped"/>'s to report.
    /// </summary>
    public void TruncateEnded(AddressSpace mapping, long first, long last)
    {
        for (var left = mapping.Pages.FindNext(first, last, XaMark.None); left >= 0; left = left == last ? -1 : mapping.Pages.FindNext(left + 1, last, XaMark.None))
        {
            if (!ReadBackByUnguardedFault(mapping, left, last))
            {
                throw new InvariantViolationException(Name, $"page {left} of {mapping} is still cached after truncating pages {first}..{(last == long.MaxValue ? "end" : last)}");
            }
        }
    }

    /// <summary>Page <paramref name="index"/> may have been read back in by a fault the punch could not keep out (<see cref="TruncateEnded"/>).</summary>
    private bool ReadBackByUnguardedFault(AddressSpace mapping, long index, long last) =>
        last != long.MaxValue && punchedUnguarded.Contains(mapping) && index < mapping.Host.SizePages;

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
