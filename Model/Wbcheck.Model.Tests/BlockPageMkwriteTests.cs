using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// <see cref="SimpleFsOptions.BlockPageMkwrite"/>: the model filesystem's own -&gt;page_mkwrite in
/// block_page_mkwrite's shape (docs/eras.md section 113, docs/page-tables.md "A filesystem's own
/// -&gt;page_mkwrite"). Each test fails with the option ignored.
/// </summary>
public sealed class BlockPageMkwriteTests
{
    [Fact]
    public void The_list_era_has_no_page_mkwrite_to_fill_in_and_refuses_the_option()
    {
        var refused = Assert.Throws<KernelConfigException>(() => new World(config: new KernelConfig { Era = KernelEra.V2_5 }, fs: new SimpleFsOptions { BlockPageMkwrite = true }));

        Assert.Contains("9637a5efd4fb", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_19_only_the_option_gives_the_filesystem_a_page_mkwrite(KernelEra era)
    {
        Assert.True(new World(config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { BlockPageMkwrite = true }).Fs is IVmOperations { HasPageMkwrite: true });
        Assert.False(new World(config: new KernelConfig { Era = era }).Fs is IVmOperations { HasPageMkwrite: true });
    }

    /// <summary>
    /// Called on the clean page of a read-only pte, it dirties the page under its lock; before
    /// 2.6.30 it returns it unlocked (0), from b827e496c893 locked (VM_FAULT_LOCKED).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void It_dirties_the_page_under_its_lock_and_returns_it_locked_from_2_6_30(KernelEra era, bool locked)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { BlockPageMkwrite = true });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(0);

        var result = world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, page));

        Assert.Equal(locked ? VmFault.Locked : 0, result);
        Assert.Equal(locked, page.Locked);
        Assert.True(page.Dirty);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
    }

    /// <summary>
    /// A page that left the file is not dirtied: NOPAGE (a retry from 2.6.30, block_page_mkwrite's
    /// -EINVAL and so SIGBUS before: <see cref="PageTableEras.PageMkwriteCanRetry"/>), unlocked.
    /// With <see cref="Faults.BlockPageMkwriteSkipsMappingCheck"/> the block preparation reaches
    /// for the inode through the page's mapping, which truncate cleared: a NULL dereference, in
    /// the function each era did it in (<see cref="EraNames.BlockPrepareWrite"/>).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "block_prepare_write")]
    [InlineData(KernelEra.V2_6_36, "__block_write_begin")]
    [InlineData(KernelEra.V3_19, "__block_write_begin")]
    [InlineData(KernelEra.V4_13, "__block_write_begin_int")]
    [InlineData(KernelEra.V5_0, "__block_write_begin_int")]
    [InlineData(KernelEra.V6_9, "__block_write_begin_int")]
    public void A_truncated_page_is_given_up_and_without_the_check_its_null_mapping_is_dereferenced(KernelEra era, string function)
    {
        (World World, PageTable Vma, Page Page) Truncated(bool skipCheck)
        {
            var config = new KernelConfig { Era = era, Faults = new Faults { BlockPageMkwriteSkipsMappingCheck = skipCheck } };
            var world = new World(pages: 2, dirty: false, config: config, fs: new SimpleFsOptions { BlockPageMkwrite = true });
            var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
            var page = world.Page(1);
            Filemap.FolioGet(page); // the fault's reference
            world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
            return (world, vma, page);
        }

        var (world, vma, page) = Truncated(skipCheck: false);
        Assert.Equal(VmFault.NoPage, world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, page)));
        Assert.False(page.Dirty);
        Assert.False(page.Locked);

        var (faulty, faultyVma, faultyPage) = Truncated(skipCheck: true);
        var oops = Assert.Throws<KernelBugException>(() => faulty.Run(() => ((IVmOperations)faulty.Fs).PageMkwrite(faultyVma, faultyPage)));
        Assert.Equal(function, oops.Function);
    }

    /// <summary>
    /// The block preparation, by its consequence: a page still in the file whose i_size a
    /// truncate has lowered below it (i_size set, the page not yet reached) is given up; without
    /// the check (<see cref="Faults.BlockPageMkwriteSkipsMappingCheck"/>) its block is allocated
    /// wholly past that i_size, which <see cref="WritePastEof"/> reports. A page inside EOF
    /// has its block prepared without complaint, and so has the page straddling EOF.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Without_the_check_a_block_is_allocated_wholly_past_i_size(KernelEra era)
    {
        var (world, vma) = Lowered(era, skipCheck: false);
        Assert.Equal(VmFault.NoPage, world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, world.Page(2))));
        foreach (var index in new[] { 0, 1 })
        {
            world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, world.Page(index)));
            Assert.True(world.Page(index).Dirty);
            if (world.Page(index).Locked)
            {
                world.Kernel.Filemap.FolioUnlock(world.Page(index));
            }
        }

        var (faulty, faultyVma) = Lowered(era, skipCheck: true);
        var violation = Assert.Throws<InvariantViolationException>(() => faulty.Run(() => ((IVmOperations)faulty.Fs).PageMkwrite(faultyVma, faulty.Page(2))));
        Assert.Equal(WritePastEof.Name, violation.Invariant);
        Assert.Contains("the block of page 2 of inode 1 is allocated for a write fault wholly past the i_size its allocator read, 4196 bytes", violation.Message);
    }

    /// <summary>
    /// The folio form (6.9) gives a page up from EOF on, and without the check its length
    /// i_size - folio_pos wraps for a page wholly past EOF: __block_write_begin_int's
    /// BUG_ON(to &gt; PAGE_SIZE) fires before any block is allocated. A page starting exactly at
    /// EOF, which the page form prepared nothing of, is given up.
    /// </summary>
    [Fact]
    public void In_the_folio_form_a_page_wholly_past_i_size_is_a_bug_and_one_at_eof_is_given_up()
    {
        var (world, vma) = Lowered(KernelEra.V6_9, skipCheck: false);
        world.Inode.Size = 2 * Page.PageSize;
        Assert.Equal(VmFault.NoPage, world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, world.Page(2))));
        var (older, olderVma) = Lowered(KernelEra.V2_6_36, skipCheck: false);
        older.Inode.Size = 2 * Page.PageSize;
        Assert.NotEqual(VmFault.NoPage, older.Run(() => ((IVmOperations)older.Fs).PageMkwrite(olderVma, older.Page(2))));

        var (faulty, faultyVma) = Lowered(KernelEra.V6_9, skipCheck: true);
        var oops = Assert.Throws<KernelBugException>(() => faulty.Run(() => ((IVmOperations)faulty.Fs).PageMkwrite(faultyVma, faulty.Page(2))));
        Assert.Equal("__block_write_begin_int", oops.Function);
    }

    /// <summary>
    /// <see cref="Faults.BlockPageMkwriteSkipsEofCheck"/> keeps the mapping half of the check: a
    /// page truncate took is given up as before, with no oops, and only a page still cached past
    /// the lowered i_size shows the fault, its block allocated past EOF.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V5_0)]
    public void Without_the_eof_half_of_the_check_only_the_allocation_past_eof_shows(KernelEra era)
    {
        var eofOnly = new Faults { BlockPageMkwriteSkipsEofCheck = true };
        var (world, vma) = Lowered(era, eofOnly);
        var taken = world.Page(2);
        Filemap.FolioGet(taken); // the fault's reference
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        Assert.Null(taken.Mapping);
        Assert.Equal(VmFault.NoPage, world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, taken)));

        var (faulty, faultyVma) = Lowered(era, eofOnly);
        var violation = Assert.Throws<InvariantViolationException>(() => faulty.Run(() => ((IVmOperations)faulty.Fs).PageMkwrite(faultyVma, faulty.Page(2))));
        Assert.Equal(WritePastEof.Name, violation.Invariant);
    }

    /// <summary>A file of three cached, mapped pages whose i_size a truncate has just lowered into page 1 (truncate_setsize's i_size_write; pages 1 and 2 still cached).</summary>
    private static (World World, PageTable Vma) Lowered(KernelEra era, bool skipCheck) =>
        Lowered(era, new Faults { BlockPageMkwriteSkipsMappingCheck = skipCheck });

    private static (World World, PageTable Vma) Lowered(KernelEra era, Faults faults)
    {
        var config = new KernelConfig { Era = era, Faults = faults };
        var world = new World(pages: 3, dirty: false, config: config, fs: new SimpleFsOptions { BlockPageMkwrite = true });
        world.Kernel.Observers.Add(new WritePastEof());
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Inode.Size = Page.PageSize + 100;
        return (world, vma);
    }
}
