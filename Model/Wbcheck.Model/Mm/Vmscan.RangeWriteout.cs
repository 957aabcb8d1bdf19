using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    /// <summary>
    /// The 2010 proposal (never merged): reclaim meets a dirty page and writes out the pages of its
    /// file around it with -&gt;writepages. It pins the inode with igrab under the page lock, drops
    /// the lock, writes, then iputs. If every other reference went away meanwhile, that iput is
    /// the final one and evicts the inode from inside reclaim: eviction truncates the page cache
    /// and needs locks the reclaiming context may hold. Andrew Morton's objection, 2010-06-11.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_page_list (proposed range writeout, patch 5/6, 2010)", "2.6.35")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask ReclaimWriteoutIgrab(Page page, long first, long last)
    {
        EnterReclaim(Gfp.Kernel);
        try
        {
            await WriteoutIgrab(page, first, last);
        }
        finally
        {
            ExitReclaim();
        }
    }

    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WriteoutIgrab(Page page, long first, long last)
    {
        var filemap = kernel.Filemap;
        if (!await filemap.FolioTrylock(page))
        {
            return;
        }

        var mapping = page.Mapping;
        if (mapping is null || !page.Dirty || !kernel.Vfs.Igrab(mapping.Host))
        {
            filemap.FolioUnlock(page);
            return;
        }

        var inode = mapping.Host;
        filemap.FolioUnlock(page);
        await kernel.PageWriteback.DoWritepages(mapping, kernel.Era.HasWbcRange() ? RangeWbc(first, last) : MappingWbc());
        await kernel.Vfs.Iput(inode);
    }

    /// <summary>
    /// The alternative the review suggests: hold the page lock, which pins the mapping, instead
    /// of an inode reference, and only trylock the neighbours, so reclaim neither waits on a
    /// lock nor ever drops the last reference to the inode.
    /// </summary>
    [Models("mm/vmscan.c", "pageout (writearound pinned by the page lock, as suggested 2010-06-11)", "2.6.35")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask ReclaimWriteoutPinned(Page page, long first, long last)
    {
        EnterReclaim(Gfp.Kernel);
        try
        {
            await WriteoutPinned(page, first, last);
        }
        finally
        {
            ExitReclaim();
        }
    }

    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WriteoutPinned(Page page, long first, long last)
    {
        var filemap = kernel.Filemap;
        if (!await filemap.FolioTrylock(page))
        {
            return;
        }

        var mapping = page.Mapping;
        if (mapping is null || !page.Dirty)
        {
            filemap.FolioUnlock(page);
            return;
        }

        var wbc = RangeWbc(first, last);
        for (var index = first; index <= last; index++)
        {
            // find_get_page, then trylock_page: the lookup's reference keeps the neighbour from
            // being freed (and handed to another file) before the trylock touches it. The trylock
            // and the put are checked against the generation the lookup saw, so that a use after
            // a free and a reuse would be reported too.
            if (index == page.Index || mapping.Pages.Load(index) is not { } neighbour)
            {
                continue;
            }

            Filemap.FolioGet(neighbour);
            var generation = neighbour.Generation;
            if (await filemap.FolioTrylock(neighbour, generation))
            {
                await WriteLocked(neighbour, mapping, wbc);
            }

            filemap.FolioPut(neighbour, generation);
        }

        await WriteLocked(page, mapping, wbc);
    }

    /// <summary>Write a locked page of <paramref name="mapping"/> if it is still there and dirty; either way it ends unlocked.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WriteLocked(Page page, AddressSpace mapping, WritebackControl wbc)
    {
        if (page.Mapping == mapping && !page.Writeback && await kernel.PageWriteback.ClearPageDirtyForIo(page))
        {
            var result = await mapping.Operations.Writepage(page, wbc);
            if (result == Errno.AOP_WRITEPAGE_ACTIVATE)
            {
                kernel.Filemap.FolioUnlock(page);
            }

            return;
        }

        kernel.Filemap.FolioUnlock(page);
    }

    /// <summary>
    /// The list era's control has no range (<see cref="KernelEras.HasWbcRange"/>): reclaim's
    /// writeout there takes the mapping's io_pages as far as nr_to_write goes, as 2.5's
    /// generic_vm_writeback did under its igrab (the 2.5 code Morton's objection recalls [R]).
    /// </summary>
    private static WritebackControl MappingWbc() => new()
    {
        SyncMode = WritebackSyncMode.None,
        NrToWrite = 32,
        ForReclaim = true,
    };

    private static WritebackControl RangeWbc(long first, long last) => new()
    {
        SyncMode = WritebackSyncMode.None,
        NrToWrite = 32,
        RangeStart = first << WritebackControl.PageShift,
        RangeEnd = ((last + 1) << WritebackControl.PageShift) - 1,
        ForReclaim = true,
    };
}
