using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// The list era's counterpart of <see cref="TagFlagCoherence"/>: every cached page is on exactly
/// one of its mapping's lists (clean_pages, dirty_pages, locked_pages, io_pages), and the lists
/// hold nothing else; and a dirty page is never on clean_pages, except inside set_page_dirty,
/// between PG_dirty being set and the move under the page_lock. The kernel's lists are "somewhat
/// approximate": a clean page on dirty_pages is allowed ("better to have clean pages accidentally
/// attached to dirty_pages than to leave dirty pages attached to clean_pages"), and so is a dirty
/// page on locked_pages or io_pages, which writeback is about to write. Not applicable to eras
/// with page-tree tags, which have no such lists: it refuses to run there rather than pass.
/// </summary>
public static class ListFlagCoherence
{
    public const string Name = "list/flag coherence";

    /// <summary>The first violation found, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        if (!kernel.Era.HasPageLists())
        {
            throw new InvalidOperationException(
                $"{Name} does not apply to {kernel.Era.Info().Version}: its address_space has no page lists (check {TagFlagCoherence.Name} instead)");
        }

        foreach (var inode in kernel.Inodes)
        {
            var mapping = inode.Mapping;
            var lists = mapping.Lists;
            foreach (var kind in Enum.GetValues<PageListKind>())
            {
                foreach (var page in lists.Pages(kind))
                {
                    if (page.Mapping != mapping || mapping.Pages.Load(page.Index) != page)
                    {
                        return $"{page} is on {Describe(kind)} of {mapping} but not in its page cache";
                    }
                }
            }

            if (lists.Total != mapping.NrPages)
            {
                return $"{mapping} caches {mapping.NrPages} page(s) but its lists hold {lists.Total}";
            }
        }

        foreach (var page in kernel.CachedPages())
        {
            var list = page.Mapping!.Lists.ListOf(page);
            if (list is null)
            {
                return $"{page} of {page.Mapping} is on no list";
            }

            if (list == PageListKind.Clean && page.Dirty && !page.DirtyPendingTag)
            {
                return $"{page} of {page.Mapping}: PG_dirty set but on clean_pages";
            }
        }

        return null;
    }

    public static string Describe(PageListKind kind) => kind switch
    {
        PageListKind.Clean => "clean_pages",
        PageListKind.Dirty => "dirty_pages",
        PageListKind.Locked => "locked_pages",
        _ => "io_pages",
    };
}
