using System.Collections.Immutable;
using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// Runs a layout on a fresh kernel: one file on an <see cref="MpageFs"/>, its pages cached as
/// the layout says, then one write-back pass over it (or one readahead), then every I/O
/// completed. Sequential: the order recorded is the order of one thread's submissions.
/// </summary>
public static class MpageScenario
{
    /// <summary>Write back the dirty pages with the layout's sync mode (do_writepages, whole file).</summary>
    public static MpageRun Write(FileLayout layout, Faults? faults = null) => Write(layout, faults, KernelConfig.Default.Era);

    /// <summary>Write back the dirty pages on a kernel of <paramref name="era"/> (its writeback iterator, the same mpage code).</summary>
    public static MpageRun Write(FileLayout layout, Faults? faults, KernelEra era)
    {
        var run = Prepare(layout, BioOp.Write, faults, era);
        var wbc = new WritebackControl { SyncMode = layout.SyncMode, NrToWrite = WritebackControl.LongMax };
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        runtime.Run("writeback", async () => run.Result = await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, wbc));
        runtime.RunAllPending();
        return run;
    }

    /// <summary>
    /// Read the layout's pages to read as a sequential read does: readahead (-&gt;readpages) of
    /// those not cached, given as one list as __do_page_cache_readahead gives them, then
    /// -&gt;readpage of each cached page that is not uptodate. The read starts after write-back
    /// and eviction: dirty pages are not cached, only the clean and buffered ones.
    /// </summary>
    public static MpageRun Read(FileLayout layout, Faults? faults = null)
    {
        var run = Prepare(layout, BioOp.Read, faults);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var mapping = run.Inode.Mapping;
        var missing = layout.PagesToRead.Where(index => mapping.Pages.Load(index) is null).ToList();
        var notUptodate = layout.PagesToRead.Where(index => mapping.Pages.Load(index) is { Uptodate: false }).ToList();
        runtime.Run("read", async () =>
        {
            run.Result = await run.Fs.Readpages(mapping, missing);
            foreach (var index in notUptodate)
            {
                var page = mapping.Pages.Load(index)!;
                await run.Kernel.Filemap.FolioLock(page);
                await run.Fs.Readpage(page);
            }
        });
        runtime.RunAllPending();
        return run;
    }

    /// <summary>
    /// The kernel and file as the layout describes them, cached pages in place, before any
    /// write-back or read: for tests that drive the run and complete I/O themselves. The
    /// runtime is a <see cref="SequentialRuntime"/> that runs pending completions when a thread
    /// would sleep.
    /// </summary>
    public static MpageRun Prepare(FileLayout layout, BioOp op, Faults? faults = null) => Prepare(layout, op, faults, KernelConfig.Default.Era);

    private static MpageRun Prepare(FileLayout layout, BioOp op, Faults? faults, KernelEra era)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = era, Faults = faults ?? Faults.None, BioMaxPages = layout.BioMaxPages });
        var fs = new MpageFs(kernel, layout);
        var inode = kernel.CreateInode(0, fs);
        inode.BlockBits = layout.BlockBits;
        var versions = new Dictionary<long, long>();
        var cached = op == BioOp.Write ? layout.CachedPagesAll() : [.. layout.CachedPages.Concat(layout.Buffers.Select(b => b.Page)).Distinct().Order()];
        foreach (var index in cached)
        {
            var page = kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: op == BioOp.Write && layout.DirtyPages.Contains(index));
            versions[index] = page.Version;
            if (layout.Buffers.FirstOrDefault(b => b.Page == index) is { } given)
            {
                AttachBuffers(page, given, fs.Map, layout.BlocksPerPage);

                // A page is uptodate when all its blocks are (a partial write can leave it
                // otherwise, dirty or not).
                page.Uptodate = page.Buffers!.All(bh => bh.Uptodate);
            }
        }

        // After the pages: adding a page grows i_size to cover it.
        inode.Size = layout.Size;
        return new MpageRun(layout, op, kernel, fs, inode, versions.ToImmutableDictionary());
    }

    private static void AttachBuffers(Page page, LayoutPageBuffers given, BlockMap map, int blocksPerPage)
    {
        var buffers = BufferHeads.CreateEmptyBuffers(page, Page.PageSize / blocksPerPage, BufferState.None);
        for (var i = 0; i < buffers.Count; i++)
        {
            var bh = buffers[i];
            bh.State = given.States[i];
            if (bh.Mapped)
            {
                var block = (page.Index * blocksPerPage) + i;
                bh.BlockNr = map.DiskBlock(block);
                if (map.IsBoundary(block))
                {
                    bh.Set(BufferState.Boundary);
                }
            }
        }
    }
}
