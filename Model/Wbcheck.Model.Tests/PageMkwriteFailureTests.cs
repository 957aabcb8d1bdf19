using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A -&gt;page_mkwrite that fails (docs/page-tables.md, "A failing -&gt;page_mkwrite"): before
/// 2.6.30 its prototype returned 0 or -errno and the write fault made any error VM_FAULT_SIGBUS,
/// a page punched away under it too (block_page_mkwrite's -EINVAL); from c2ec175c39f6 (2.6.30)
/// the filesystem returns VM_FAULT_NOPAGE for that case and the access is tried again, and only
/// VM_FAULT_SIGBUS itself (-ENOSPC, -EIO) fails it.
/// </summary>
public sealed class PageMkwriteFailureTests
{
    public static TheoryData<KernelEra> TrackingEras => new([KernelEra.V2_6_20, KernelEra.V2_6_29, KernelEra.V2_6_36, KernelEra.V3_19, KernelEra.V6_9]);

    [Theory]
    [MemberData(nameof(TrackingEras))]
    public void A_page_mkwrite_that_returns_sigbus_fails_the_store_through_a_read_only_pte(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vmOps = new FailingMkwrite(world, VmFault.SigBus);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        var version = world.Page(0).Version;

        Assert.False(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.Equal(1, vmOps.Calls);
        Assert.False(pte.Write);
        Assert.False(world.Page(0).Dirty);
        Assert.Equal(version, world.Page(0).Version);
        Assert.Equal(2, world.Page(0).RefCount); // the page cache's and the pte's: the fault's went
    }

    [Theory]
    [MemberData(nameof(TrackingEras))]
    public void A_page_mkwrite_that_returns_sigbus_fails_the_store_to_a_missing_pte(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vmOps = new FailingMkwrite(world, VmFault.SigBus);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps);

        Assert.False(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.Equal(1, vmOps.Calls);
        Assert.Null(vma.Lookup(0));
        Assert.False(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
    }

    /// <summary>
    /// The case Nick Piggin's "fs: fix page_mkwrite error cases in core code and btrfs" names: a
    /// hole punched under -&gt;page_mkwrite, and a write(2) that puts a new page there before the
    /// store is tried again. Before 2.6.30 the store gets SIGBUS; from 2.6.30 it lands in the new
    /// page.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void A_page_punched_under_page_mkwrite_is_sigbus_before_2_6_30_and_retried_after(KernelEra era, bool retried)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vmOps = new FailingMkwrite(world, VmFault.NoPage) { PunchAndRewrite = true };
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        var old = world.Page(0);

        var stored = world.Run(() => world.Kernel.Memory.Store(vma, 0));

        var page = world.Page(0);
        Assert.NotSame(old, page);
        Assert.Null(old.Mapping);
        Assert.Equal(retried, stored);
        Assert.Equal(retried ? 2 : 1, vmOps.Calls);
        if (retried)
        {
            // The retry faults the new page in writable and the store lands in it.
            Assert.True(vma.Lookup(0) is { Write: true, Dirty: true } mapped && mapped.Page == page);
            Assert.True(page.Version > vmOps.WrittenVersion);
        }
        else
        {
            Assert.Null(vma.Lookup(0));
            Assert.Equal(vmOps.WrittenVersion, page.Version);
        }

        Assert.False(pte.Write);
        Assert.True(page.Dirty); // the write(2)'s
        Assert.False(page.Locked);
    }

    /// <summary>
    /// A -&gt;page_mkwrite that fails the first call with <paramref name="failure"/> (and, with
    /// <see cref="PunchAndRewrite"/>, punches its page away and writes a new one in first), and
    /// succeeds after, returning the page locked where the era's contract allows it.
    /// </summary>
    private sealed class FailingMkwrite(World world, int failure) : IVmOperations
    {
        public bool PunchAndRewrite { get; init; }

        public int Calls { get; private set; }

        public long WrittenVersion { get; private set; }

        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            if (++Calls > 1)
            {
                return 0;
            }

            if (PunchAndRewrite)
            {
                var kernel = world.Kernel;
                await kernel.Memory.UnmapMappingRange(world.Mapping, 0, 0);
                await kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, Page.PageSize - 1);
                WrittenVersion = await kernel.Filemap.GenericFileWriteIter(kernel.Open(world.Inode), 0);
            }

            return failure;
        }
    }
}
