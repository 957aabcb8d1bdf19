using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// For every page in a mapping that is not locked: PG_dirty iff the DIRTY tag, PG_writeback iff
/// the WRITEBACK tag, and TOWRITE only on a page that is DIRTY-tagged or under writeback. The
/// kernel lets the dirty flag and tag disagree while the page is locked (between
/// clear_page_dirty_for_io and the writepage) and inside folio_mark_dirty; and a page wholly past
/// EOF may keep a stale DIRTY tag until truncate removes it. Not applicable to the list era,
/// which has no tags (<see cref="ListFlagCoherence"/> stands in for it there).
/// </summary>
public static class TagFlagCoherence
{
    public const string Name = "tag/flag coherence";

    /// <summary>The first violation found, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        // Before 2.6.6 there are no tags to be coherent with: say so rather than pass vacuously.
        if (!kernel.Era.HasPageTags())
        {
            throw new InvalidOperationException(
                $"{Name} does not apply to {kernel.Era.Info().Version}: pages sit on the mapping's lists, not under tags (check {ListFlagCoherence.Name} instead)");
        }

        // Runs after every step of every exploration: plain loops, nothing allocated, each tree's
        // capacity read once (a read is an access-log look-up).
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            var tree = inodes[i].Mapping.Pages;
            for (long index = 0, capacity = tree.Capacity; index < capacity; index++)
            {
                if (tree.Load(index) is { } page && Check(page) is { } violation)
                {
                    return violation;
                }
            }
        }

        return null;
    }

    private static string? Check(Page page)
    {
        var mapping = page.Mapping!;
        var marks = mapping.Pages.Marks(page.Index);
        var dirtyTag = (marks & XaMark.Dirty) != 0;
        var writebackTag = (marks & XaMark.Writeback) != 0;
        var towriteTag = (marks & XaMark.Towrite) != 0;
        if (page.Writeback != writebackTag)
        {
            return $"{page} of {mapping}: PG_writeback={page.Writeback} but WRITEBACK tag={writebackTag}";
        }

        if (page.Locked || page.DirtyPendingTag)
        {
            return null;
        }

        var pastEof = page.Index >= mapping.Host.SizePages;
        if (page.Dirty && !dirtyTag)
        {
            return $"{page} of {mapping}: unlocked, PG_dirty set but no DIRTY tag";
        }

        if (!page.Dirty && dirtyTag && !pastEof)
        {
            return $"{page} of {mapping}: unlocked, DIRTY tag set but PG_dirty clear";
        }

        return towriteTag && !dirtyTag && !page.Writeback
            ? $"{page} of {mapping}: TOWRITE tag on a page neither DIRTY-tagged nor under writeback"
            : null;
    }
}
