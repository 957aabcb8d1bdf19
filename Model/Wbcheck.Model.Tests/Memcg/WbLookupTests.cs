using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// A check looks a wb up (wb_get_lookup, inode_to_wb), never makes one (wb_get_create): running
/// the cgroup-writeback checks on a memcg that has not dirtied leaves bdi-&gt;wb_list as it was.
/// </summary>
public sealed class WbLookupTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void The_cgwb_checks_on_a_memcg_that_never_dirtied_leave_the_wb_list_unchanged(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var root = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, root, pages: 2);
        var memcg = new MemCgroup("job", 50);
        var charged = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(charged.Mapping);
        world.Kernel.Filemap.AddCachedPage(charged.Mapping, 0, dirty: false);
        var isolation = new WbFlusherIsolation(world.Kernel);

        // The root's flusher taking either inode, the per-wb walk's filter, the wb counts, the
        // memcg domain's thresholds for a task of the memcg.
        isolation.WbWritesInode(null, root);
        isolation.WbWritesInode(null, charged);
        Assert.Null(WbAccounting.Check(world.Kernel));
        Assert.NotNull(world.Throttle.MemcgDomainNow(new TaskStruct { Comm = "job", Memcg = memcg }));
        world.Run(() => world.Kernel.FsWriteback.WritebackInodesWb(new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 0 }, null));

        Assert.Empty(world.Throttle.CgroupWbs);
        Assert.Null(memcg.Wb);
        Assert.Null(world.Throttle.WbGetLookup(memcg));
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void The_lookup_finds_a_wb_once_the_memcg_has_dirtied(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 50);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(inode.Mapping);

        InodeAttachWbTests.Write(world, inode, pages: 1);

        Assert.Same(Assert.Single(world.Throttle.CgroupWbs), world.Throttle.WbGetLookup(memcg));
        Assert.Null(world.Throttle.WbGetLookup(null));
    }
}
