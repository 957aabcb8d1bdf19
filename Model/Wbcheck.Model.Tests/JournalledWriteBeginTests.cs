using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// <see cref="SimpleFsOptions.JournalledWriteBegin"/>: a writer that allocates its page under its
/// filesystem's journal handle on a two-node machine at its min watermarks, one dirty and one clean
/// page cached (journalled-writer-vs-fsync's small form, the writer alone). Its allocation keeps
/// reclaim out of the filesystem: the clean page is freed, the dirty one kept, the write done. With
/// GFP_KERNEL, 2.6.36's direct reclaim calls -&gt;writepage under the writer's own handle; a
/// GFP_NOFS allocation never calls the OOM killer; the 4.12 scope drops __GFP_FS.
/// </summary>
public sealed class JournalledWriteBeginTests
{
    private sealed record Outcome(long Written, bool Killed, bool CleanFreed, bool DirtyKept, string? Blocked);

    private static Kernel NewKernel(KernelEra era, Faults faults, out Inode inode)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = 10, MinFreeKbytes = 32 },
        });
        inode = kernel.CreateInode(2, new SimpleFs(kernel, new SimpleFsOptions { JournalledWriteBegin = true }));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        return kernel;
    }

    private static Outcome Write(KernelEra era, Faults? faults = null)
    {
        var kernel = NewKernel(era, faults ?? Faults.None, out var inode);
        var file = kernel.Open(inode);
        long written = 0;
        var killed = false;
        string? blocked = null;
        try
        {
            ((SequentialRuntime)kernel.Runtime).Run("writer", async () =>
            {
                written = await kernel.Filemap.GenericFileWriteIter(file, 2);
                killed = kernel.PageAlloc.FatalSignalPending;
            });
        }
        catch (WouldBlockException blocking)
        {
            blocked = blocking.Message;
        }

        return new Outcome(written, killed, inode.Mapping.Pages.Load(1) is null, inode.Mapping.Pages.Load(0) is { Dirty: true, Writeback: false }, blocked);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_writer_s_reclaim_frees_the_clean_page_and_leaves_the_dirty_one(KernelEra era)
    {
        Assert.Equal(new Outcome(2, Killed: false, CleanFreed: true, DirtyKept: true, Blocked: null), Write(era));
    }

    [Fact]
    public void With_gfp_kernel_2_6_36_s_direct_reclaim_starts_a_handle_under_the_writer_s_own()
    {
        var outcome = Write(KernelEra.V2_6_36, new Faults { FsAllocatesWithGfpKernel = true });

        Assert.Contains("journal handle", outcome.Blocked, StringComparison.Ordinal);
        Assert.Contains("held by T0(writer)", outcome.Blocked, StringComparison.Ordinal);
    }

    [Fact]
    public void With_gfp_kernel_3_19_s_direct_reclaim_writes_no_filesystem_page_and_the_write_completes()
    {
        Assert.Equal(new Outcome(2, Killed: false, CleanFreed: true, DirtyKept: true, Blocked: null), Write(KernelEra.V3_19, new Faults { FsAllocatesWithGfpKernel = true }));
    }

    [Fact]
    public void A_gfp_nofs_allocation_is_not_given_to_the_oom_killer_on_2_6_29()
    {
        // 2.6.29's deferred scan count leaves the small zones unscanned for many rounds; a
        // GFP_KERNEL allocation goes to the OOM killer at its first stall, a GFP_NOFS one loops.
        Assert.True(Write(KernelEra.V2_6_29, new Faults { NofsAllocationCallsOomKiller = true }).Killed);
        Assert.True(Write(KernelEra.V2_6_29, new Faults { FsAllocatesWithGfpKernel = true }).Killed);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_writer_inside_the_nofs_scope_with_nothing_reclaimable_loops_and_is_not_given_to_the_oom_killer(KernelEra era)
    {
        // The slow path runs with the scope applied (current_gfp_context): the OOM gate sees no
        // __GFP_FS though the filesystem passed mapping_gfp_mask. Both pages dirty, no flusher:
        // the kernel's writer loops until something frees a page; the model's hits the step bound.
        Assert.Contains("step bound", WriteOverDirtyPages(era, Faults.None), StringComparison.Ordinal);
        Assert.Equal("killed", WriteOverDirtyPages(era, new Faults { NofsAllocationCallsOomKiller = true }));
    }

    [Fact]
    public void A_gfp_nofs_allocation_of_2_5_31_goes_to_the_oom_killer_as_its_try_to_free_pages_did()
    {
        var kernel = new Kernel(new SequentialRuntime { MaxSteps = 20_000 }, new KernelConfig
        {
            Era = KernelEra.V2_5,
            Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = 10, MinFreeKbytes = 32 },
        });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        var killed = false;
        ((SequentialRuntime)kernel.Runtime).Run("allocator", async () =>
        {
            await kernel.Filemap.FilemapGetFolioForWrite(inode.Mapping, 2, Gfp.NoFs);
            killed = kernel.PageAlloc.FatalSignalPending;
        });

        Assert.True(killed);
    }

    private static string WriteOverDirtyPages(KernelEra era, Faults faults)
    {
        var kernel = new Kernel(new SequentialRuntime { MaxSteps = 20_000 }, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = 10, MinFreeKbytes = 32 },
        });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, new SimpleFsOptions { JournalledWriteBegin = true }));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        var file = kernel.Open(inode);
        var killed = false;
        try
        {
            ((SequentialRuntime)kernel.Runtime).Run("writer", async () =>
            {
                await kernel.Filemap.GenericFileWriteIter(file, 2);
                killed = kernel.PageAlloc.FatalSignalPending;
            });
        }
        catch (StepBoundExceededException bound)
        {
            return "step bound: " + bound.Message;
        }

        return killed ? "killed" : "written";
    }

    [Fact]
    public void The_nofs_scope_takes_gfp_fs_off_from_4_12_and_is_refused_before()
    {
        var kernel = NewKernel(KernelEra.V6_9, Faults.None, out _);
        ((SequentialRuntime)kernel.Runtime).Run("task", () =>
        {
            Assert.Equal(Gfp.Kernel, kernel.PageAlloc.CurrentGfpContext(Gfp.Kernel));
            kernel.PageAlloc.MemallocNofsSave();
            Assert.Equal(Gfp.NoFs, kernel.PageAlloc.CurrentGfpContext(Gfp.Kernel));
            kernel.PageAlloc.MemallocNofsRestore();
            Assert.Equal(Gfp.Kernel, kernel.PageAlloc.CurrentGfpContext(Gfp.Kernel));
            return Task.CompletedTask;
        });

        var old = NewKernel(KernelEra.V3_19, Faults.None, out _);
        ((SequentialRuntime)old.Runtime).Run("task", () =>
        {
            Assert.Throws<Diagnostics.UnmodelledPathException>(old.PageAlloc.MemallocNofsSave);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void The_filesystem_is_refused_before_write_begin()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_6_20 });

        var refused = Assert.Throws<KernelConfigException>(() => new SimpleFs(kernel, new SimpleFsOptions { JournalledWriteBegin = true }));
        Assert.Contains("2.6.24", refused.Message, StringComparison.Ordinal);
    }
}
