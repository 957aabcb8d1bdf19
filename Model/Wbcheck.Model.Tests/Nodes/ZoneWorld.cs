using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// A kernel on a machine of several zones with a file of cached pages set up first (clean or
/// dirty, allocated outside any thread as a scenario's set-up is) and a writer that then writes
/// new pages of a second file from CPU 0, for the allocator's gfp zones, direct reclaim and the
/// dirtyable memory counted from the zones.
/// </summary>
internal sealed class ZoneWorld
{
    public ZoneWorld(KernelEra era, Machine machine, int cached = 0, bool dirty = false, bool lowMemoryWriter = false, int dirtyRatio = 100, bool highmemIsDirtyable = false, bool laptopMode = false, bool pinned = false, Faults? faults = null)
    {
        // laptop_mode clears sc.may_writepage at the start of a reclaim (the priority loop raises
        // it again). A pinned page (a long-term get_user_pages reference, as a registered buffer
        // holds) is never freed by reclaim: pageout and the reference freeze both see the extra
        // reference. So pinned cached pages are what reclaim can free nothing of, in every era.
        // The writer then pins each page it writes too: reclaim takes its batches off the LRU's
        // tail and puts what it keeps back at the head, so it reaches the writer's own pages
        // (the newest) once it has gone past the cached ones, and would free them.
        var sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = dirtyRatio, HighmemIsDirtyable = highmemIsDirtyable, LaptopMode = laptopMode ? 1 : 0 };
        Kernel = new Kernel(Runtime, new KernelConfig { Era = era, Machine = machine, Sysctls = sysctls, Faults = faults ?? Faults.None });
        var fs = new SimpleFs(Kernel, SimpleFsOptions.Default);
        Cache = Kernel.CreateInode(cached, fs);
        for (var index = 0; index < cached; index++)
        {
            var page = Kernel.Filemap.AddCachedPage(Cache.Mapping, index, dirty);
            if (pinned)
            {
                Filemap.FolioGet(page);
            }
        }

        Written = Kernel.CreateInode(0, fs);
        PinsWritten = pinned;
        Written.Mapping.GfpHighmem = !lowMemoryWriter;
    }

    public SequentialRuntime Runtime { get; } = new() { RunPendingWhenBlocked = true };

    public Kernel Kernel { get; }

    /// <summary>The file cached before the writer starts.</summary>
    public Inode Cache { get; }

    /// <summary>The file the writer writes.</summary>
    public Inode Written { get; }

    /// <summary>Whether the writer pins each page it has written (as the cached pages are pinned).</summary>
    private bool PinsWritten { get; }

    /// <summary>Whether the writer exited on its way back to user space (it had been OOM killed).</summary>
    public bool WriterExited { get; private set; }

    /// <summary>
    /// Another task, <paramref name="name"/>, reads page <paramref name="index"/> of the cached
    /// file into the cache (add_to_page_cache_lru's allocation); whether it got the page (it is
    /// left locked), and then returns to user space as the writer does.
    /// </summary>
    public bool Read(string name, long index)
    {
        var got = false;
        Runtime.Run(name, async () =>
        {
            got = await Kernel.Filemap.AddToPageCacheLru(Cache.Mapping, index) is not null;
            Kernel.PageAlloc.Oom.GetSignal();
        });
        return got;
    }

    /// <summary>
    /// Write <paramref name="pages"/> new pages of <see cref="Written"/> through write(2)'s page
    /// loop, one write a page, each going on after a failed one; what each returned (the
    /// version, or an error). <paramref name="after"/> runs in the writer's task after the last.
    /// Then the writer returns to user space, where an OOM kill's SIGKILL makes it exit
    /// (<see cref="OomKill.GetSignal"/>), unless <paramref name="stuck"/>: a victim still in the
    /// kernel, as one blocked on a lock would be.
    /// </summary>
    public IReadOnlyList<long> Write(int pages, Func<ValueTask>? after = null, bool stuck = false)
    {
        var file = Kernel.Open(Written);
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        var results = new List<long>();
        Runtime.Run(writer.Comm, async () =>
        {
            Kernel.Throttle.AttachTask(writer);
            for (var index = 0L; index < pages; index++)
            {
                results.Add(await Kernel.Filemap.GenericPerformWrite(file, index));
                if (PinsWritten && Written.Mapping.Pages.Load(index) is { } page)
                {
                    Filemap.FolioGet(page);
                }
            }

            if (after is not null)
            {
                await after();
            }

            if (!stuck)
            {
                WriterExited = Kernel.PageAlloc.Oom.GetSignal();
            }
        });
        return results;
    }

    /// <summary>The zones of <paramref name="inode"/>'s pages in index order: H for HighMem, N for Normal, the node's number on a NUMA machine.</summary>
    public string Zones(Inode inode) => string.Concat(Pages(inode).Select(page => Name(page.Zone!)));

    /// <summary>How many of <paramref name="inode"/>'s pages are in <paramref name="zone"/>.</summary>
    public int PagesIn(Inode inode, Zone zone) => Pages(inode).Count(page => page.Zone == zone);

    /// <summary>The cached pages of <paramref name="inode"/>, in index order.</summary>
    public static IEnumerable<Page> Pages(Inode inode)
    {
        var tree = inode.Mapping.Pages;
        for (var index = tree.FindNext(0, long.MaxValue, XaMark.None); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.None))
        {
            yield return tree.Load(index)!;
        }
    }

    private string Name(Zone zone) =>
        Kernel.Config.Machine.Nodes > 1 ? zone.Node.ToString(System.Globalization.CultureInfo.InvariantCulture) : zone.IsHighmem ? "H" : "N";
}
