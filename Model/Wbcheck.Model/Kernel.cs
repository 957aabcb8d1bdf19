using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model;

/// <summary>
/// One modelled machine: its runtime, configuration, counters, disk, files, and the mm
/// subsystems, each a class named after the kernel file it mirrors.
/// </summary>
public sealed class Kernel
{
    private readonly List<Inode> inodes = [];
    private int nextFileId;

    public Kernel(IKernelRuntime runtime, KernelConfig? config = null)
    {
        Runtime = runtime;
        Config = config ?? KernelConfig.Default;
        Config.Validate();
        Names = EraNames.Of(Config.Era);
        Timers = new Timers(runtime);
        Device = new BlockDevice(this);
        BackingDev = new BackingDevInfo(this);
        PageWriteback = new PageWriteback(this);
        Filemap = new Filemap(this);
        PageAlloc = new PageAlloc(this);
        Truncate = new Truncate(this);
        Vmscan = new Vmscan(this);
        FsWriteback = new FsWriteback(this);
        Pdflush = new Pdflush(this);
        Throttle = new DirtyThrottle(this);
        Memory = new Memory(this);
        Gup = new Gup(this);
        Rmap = new Rmap(this);
        Vfs = new Vfs(this);
    }

    public IKernelRuntime Runtime { get; }

    public KernelConfig Config { get; }

    public KernelEra Era => Config.Era;

    /// <summary>What the era's kernel called the functions the model labels its steps with.</summary>
    public EraNames Names { get; }

    public Faults Faults => Config.Faults;

    public Vmstat Vmstat { get; } = new();

    /// <summary>kernel/timer.c: jiffies and timers.</summary>
    public Timers Timers { get; }

    public BlockDevice Device { get; }

    /// <summary>The disk's backing_dev_info: congestion, and whether pdflush is writing it.</summary>
    public BackingDevInfo BackingDev { get; }

    /// <summary>mm/page-writeback.c.</summary>
    public PageWriteback PageWriteback { get; }

    /// <summary>mm/filemap.c.</summary>
    public Filemap Filemap { get; }

    /// <summary>The page allocator: freed pages come back here and go to the next file that needs one.</summary>
    public PageAlloc PageAlloc { get; }

    /// <summary>mm/truncate.c.</summary>
    public Truncate Truncate { get; }

    /// <summary>mm/vmscan.c.</summary>
    public Vmscan Vmscan { get; }

    /// <summary>fs/fs-writeback.c: dirty inodes and writing them back.</summary>
    public FsWriteback FsWriteback { get; }

    /// <summary>mm/pdflush.c: the writeback thread pool.</summary>
    public Pdflush Pdflush { get; }

    /// <summary>The dirty-memory throttle of mm/page-writeback.c (2.6.20).</summary>
    public DirtyThrottle Throttle { get; }

    /// <summary>mm/memory.c.</summary>
    public Memory Memory { get; }

    /// <summary>mm/gup.c: pages taken and written without a pte.</summary>
    public Gup Gup { get; }

    /// <summary>mm/rmap.c.</summary>
    public Rmap Rmap { get; }

    /// <summary>fs/inode.c.</summary>
    public Vfs Vfs { get; }

    /// <summary>Monitors told of the events of the run.</summary>
    public List<IKernelObserver> Observers { get; } = [];

    /// <summary>The memcg charge stock of the model's one cpu (memcg_stock, from 2.6.33).</summary>
    public MemcgStockPcp MemcgStock { get; } = new();

    public IReadOnlyList<Inode> Inodes
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Inodes));
            return inodes;
        }
    }

    /// <summary>A new empty file of <paramref name="sizePages"/> pages (no page cached yet).</summary>
    public Inode CreateInode(long sizePages, IAddressSpaceOperations operations)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Inodes));
        var inode = new Inode(inodes.Count + 1, sizePages, operations) { LockName = Names.InodeLockName };
        inodes.Add(inode);
        return inode;
    }

    /// <summary>
    /// A file of <paramref name="sizePages"/> pages in the inode cache that nobody uses: its last
    /// iput left it cached (iput_final of a linked inode, inode_add_lru), i_count 0, so the inode
    /// cache's shrinker may evict it (<see cref="Fs.Vfs.PruneIcache"/>). The model's
    /// <see cref="Open"/> takes no inode reference (a file's one reference is the inode's initial
    /// count), so a file opened here is not kept from the shrinker: do not open it.
    /// </summary>
    public Inode CreateUnusedInode(long sizePages, IAddressSpaceOperations operations)
    {
        var inode = CreateInode(sizePages, operations);
        inode.Count = 0;
        Vfs.CacheUnusedInode(inode);
        return inode;
    }

    /// <summary>Open a file description: f_wb_err starts from errseq_sample of the mapping.</summary>
    [Citations.Models("fs/open.c", "do_dentry_open", "6.9")]
    public OpenFile Open(Inode inode)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Inodes));
        var mapping = inode.Mapping;
        if (Era.SampleLeavesUnseenError())
        {
            return new OpenFile(++nextFileId, inode, mapping.WbErr.Sample());
        }

        mapping.WbErr = mapping.WbErr.SampleMarkingSeen();
        return new OpenFile(++nextFileId, inode, mapping.WbErr);
    }

    /// <summary>How many pages <see cref="CachedPages"/> holds.</summary>
    public int CachedPageCount()
    {
        var count = 0;
        foreach (var inode in Inodes)
        {
            count += inode.Mapping.NrPages;
        }

        return count;
    }

    /// <summary>Every page of every file's page cache, in inode then index order.</summary>
    public IEnumerable<Page> CachedPages()
    {
        foreach (var inode in Inodes)
        {
            var tree = inode.Mapping.Pages;
            for (var index = tree.FindNext(0, long.MaxValue, XaMark.None); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.None))
            {
                yield return tree.Load(index)!;
            }
        }
    }
}
