using Wbcheck.Model.Fs;
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
    /// With <see cref="Faults.BlockPageMkwriteSkipsMappingCheck"/> it dirties it anyway.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_page_is_given_up_unless_the_check_is_skipped(bool skipCheck)
    {
        var config = new KernelConfig { Era = KernelEra.V2_6_36, Faults = new Faults { BlockPageMkwriteSkipsMappingCheck = skipCheck } };
        var world = new World(pages: 2, dirty: false, config: config, fs: new SimpleFsOptions { BlockPageMkwrite = true });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(1);
        Filemap.FolioGet(page); // the fault's reference
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        var result = world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, page));

        Assert.Equal(skipCheck ? VmFault.Locked : VmFault.NoPage, result);
        Assert.Equal(skipCheck, page.Dirty);
    }
}
