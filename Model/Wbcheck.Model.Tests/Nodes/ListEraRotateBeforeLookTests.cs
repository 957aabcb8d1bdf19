using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// 2.5.31's shrink_cache moves the inactive list's tail page to the head before it looks at it
/// ("list_del(entry); list_add(entry, &amp;inactive_list)", then the tests) [V: the "-" side of
/// akpm's "[patch 6/21] multithread and batch page reclaim", against 2.5.31]. So a page that
/// enters the cache while reclaim is at that page (here: while it tries the page's lock) goes in
/// ahead of it, and the next scan meets the page reclaim kept before the new one. 2.5.32's batches
/// put a kept page back at the head after the look, behind the new page. In each case the page
/// looked at is dirty and reclaim may not write it (no __GFP_FS, or may_writepage clear): kept.
/// </summary>
public sealed class ListEraRotateBeforeLookTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, "1 0 2")]
    [InlineData(KernelEra.V2_6_20, "1 2 0")]
    public void A_page_entering_the_cache_while_shrink_cache_is_at_the_tail_page_goes_in_ahead_of_it(KernelEra era, string order)
    {
        var (kernel, runtime, inode) = Boot(era);
        var sc = new ScanControl { Priority = 2, NrToReclaim = 1, MayWritepage = false, Zonelist = [.. kernel.PageAlloc.Zonelist(0)] };

        // Two inactive pages at priority 2: max_scan 1, page 0 only.
        runtime.Inner.Run("reclaimer", async () =>
        {
            if (era.HasPageLists())
            {
                await kernel.Vmscan.ShrinkCache(sc);
            }
            else
            {
                await kernel.Vmscan.ReclaimFolio(inode.Mapping.Pages.Load(0)!, kswapd: false, Gfp.NoFs);
            }
        });

        Assert.True(runtime.Interposed);
        Assert.Equal(order, LruOrder(kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "1 0 2")]
    [InlineData(KernelEra.V2_6_20, "1 2 0")]
    public void A_page_entering_the_cache_while_one_page_reclaim_looks_at_its_page_goes_in_ahead_of_it(KernelEra era, string order)
    {
        // ShrinkFolio, the race scenarios' reclaimer: the same rotation in 2.5.31, the batch's
        // putback in 2.6.20.
        var (kernel, runtime, inode) = Boot(era);
        var page = inode.Mapping.Pages.Load(0)!;
        Filemap.FolioGet(page); // isolation

        runtime.Inner.Run("reclaimer", async () => await kernel.Vmscan.ShrinkFolio(page, kswapd: false, Gfp.NoFs));

        Assert.True(runtime.Interposed);
        Assert.Equal(order, LruOrder(kernel));
    }

    /// <summary>A two-page file, page 0 dirty and the oldest; page 2 enters the cache when reclaim tries page 0's lock.</summary>
    private static (Kernel Kernel, InterposingRuntime Runtime, Inode Inode) Boot(KernelEra era)
    {
        Kernel? kernel = null;
        Inode? inode = null;
        var runtime = new InterposingRuntime(
            label => label.Function == kernel!.Names.TrylockPage && label.Arg == 0,
            () => kernel!.Filemap.AddCachedPage(inode!.Mapping, 2, dirty: false));
        kernel = new Kernel(runtime, new KernelConfig { Era = era, Machine = new Machine { TotalPages = 400 } });
        inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        return (kernel, runtime, inode);
    }

    /// <summary>The cached pages' indices from the LRU's tail (reclaimed next) to its head.</summary>
    private static string LruOrder(Kernel kernel) => string.Join(" ", kernel.Vmscan.Lru.Select(page => page.Index));
}
