using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The test world's filesystem with a script: writing a page of a file takes that file's
/// <see cref="TicksPerPage"/> jiffies, the pages in <see cref="Declined"/> are redirtied unwritten
/// (AOP_WRITEPAGE_ACTIVATE, as a filesystem that cannot write them now), and
/// <see cref="AfterWrite"/> runs after each page written. Records the order files are written in.
/// </summary>
internal sealed class ScriptedDisk(ThrottleWorld world) : IAddressSpaceOperations
{
    /// <summary>The kernel whose disk this is (its era's names, for counting walks).</summary>
    public Kernel Kernel => world.Kernel;

    public Dictionary<Inode, int> TicksPerPage { get; } = [];

    public HashSet<(Inode Inode, long Index)> Declined { get; } = [];

    public Action<Page>? AfterWrite { get; set; }

    /// <summary>The files written, in order, each once per run of consecutive pages.</summary>
    public List<Inode> Written { get; } = [];

    public bool HasWritepages => world.Fs.HasWritepages;

    /// <summary>A file on this disk with <paramref name="dirty"/> dirty pages, charged to <paramref name="memcg"/> (so attached to its wb) if given.</summary>
    public Inode AddFile(int dirty, MemCgroup? memcg = null)
    {
        var inode = world.Kernel.CreateInode(0, this);
        memcg?.Charge(inode.Mapping);
        for (var index = 0; index < dirty; index++)
        {
            world.Kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        return inode;
    }

    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        var inode = page.Mapping!.Host;
        if (Written.Count == 0 || Written[^1] != inode)
        {
            Written.Add(inode);
        }

        if (Declined.Contains((inode, page.Index)))
        {
            await world.Kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            return Errno.AOP_WRITEPAGE_ACTIVATE;
        }

        world.Kernel.Timers.Advance(TicksPerPage.GetValueOrDefault(inode));
        var result = await world.Fs.Writepage(page, wbc);
        AfterWrite?.Invoke(page);
        return result;
    }

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => world.Fs.Writepages(mapping, wbc);
}
