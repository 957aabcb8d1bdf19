using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The list era's writeback control had no range and no range_cyclic (docs/eras.md section 17
/// and its second round): a pass asking for either is refused, naming the field, the era and the
/// change that added it, rather than run as the whole-file pass the io_pages walk would make of
/// it; the model's own callers ask the list era for what its kernel asked (fsync: the whole
/// file; the flusher: no range_cyclic; reclaim's 2.5 writeout: the mapping).
/// </summary>
public sealed class ListEraWritebackControlTests
{
    private static World In2_5(int pages = 3) => new(pages, dirty: true, new KernelConfig { Era = KernelEra.V2_5 });

    private static bool[] UnderWriteback(World world, int pages) => [.. Enumerable.Range(0, pages).Select(index => world.Page(index).Writeback)];

    [Fact]
    public void A_ranged_pass_asked_of_the_list_era_is_refused_before_it_writes_anything()
    {
        var world = In2_5();

        var refused = Assert.Throws<KernelConfigException>(() =>
            world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity(0, (1 << WritebackControl.PageShift) - 1))));

        Assert.Equal(EraSettings.WbcRange, refused.Setting);
        Assert.StartsWith("writeback_control.range_start/range_end is from 2.6.9 (-mm patch writeback-page-range-hint", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the 2.5.31 era's kernel has no such field: run on 2.6.20 or later", refused.Message, StringComparison.Ordinal);
        Assert.Equal([false, false, false], UnderWriteback(world, 3));
    }

    [Fact]
    public void A_range_cyclic_pass_asked_of_the_list_era_is_refused_naming_111ebb6e6f7b()
    {
        var world = In2_5();

        var refused = Assert.Throws<KernelConfigException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16))));

        Assert.Equal(EraSettings.RangeCyclic, refused.Setting);
        Assert.Contains("writeback_control.range_cyclic is from 2.6.18 (111ebb6e6f7b", refused.Message, StringComparison.Ordinal);
        Assert.Equal([false, false, false], UnderWriteback(world, 3));
    }

    [Fact]
    public void From_2_6_20_a_ranged_pass_writes_its_range_and_a_cyclic_pass_the_rest()
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V2_6_20 });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity(0, (1 << WritebackControl.PageShift) - 1)));
        Assert.Equal([true, false, false], UnderWriteback(world, 3));

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        Assert.Equal([true, true, true], UnderWriteback(world, 3));
    }

    [Fact]
    public void The_list_era_flusher_asks_for_no_range_cyclic_and_its_pass_takes_io_pages()
    {
        var world = In2_5();
        var wbc = WritebackControl.Background(16, KernelEra.V2_5);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.False(wbc.RangeCyclic);
        Assert.True(WritebackControl.Background(16, KernelEra.V2_6_20).RangeCyclic);
        Assert.Equal([true, true, true], UnderWriteback(world, 3));
    }

    [Fact]
    public void A_ranged_fsync_on_the_list_era_writes_the_whole_file_as_filemap_fdatawrite_did()
    {
        // sys_fsync of 2.5 had no range to give: __filemap_fdatawrite asked for the mapping.
        var world = In2_5();
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(0, world.Run(() => world.Fs.Fsync(file, 0, (1 << WritebackControl.PageShift) - 1)));

        Assert.All(Enumerable.Range(0, 3), index => Assert.False(world.Page(index).Dirty, world.Page(index).FlagString()));
    }

    [Fact]
    public void Reclaim_writeout_under_igrab_on_the_list_era_writes_the_mapping_with_no_range()
    {
        // 2.5's writeout from reclaim (generic_vm_writeback under igrab) had no range: it took
        // io_pages as far as nr_to_write went, the neighbours beyond the proposal's range too.
        var world = In2_5(pages: 4);

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(1), 0, 1));

        Assert.Equal([true, true, true, true], UnderWriteback(world, 4));
    }

    [Fact]
    public void A_filesystem_writing_pages_in_part_is_refused_on_the_list_era_and_boots_from_2_6_20()
    {
        var options = new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } };
        var listEra = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_5 });

        var refused = Assert.Throws<KernelConfigException>(() => new SimpleFs(listEra.Kernel, options));

        Assert.Equal(EraSettings.PageTreeTags, refused.Setting);
        Assert.StartsWith("PAGECACHE_TAG_DIRTY is from 2.6.6 (-mm patch radix-tree-tagging", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("or without SimpleFsOptions.PartialPages (a filesystem that finds the pages it wrote in part by that tag)", refused.Message, StringComparison.Ordinal);
        var tagEra = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        Assert.Same(options, new SimpleFs(tagEra.Kernel, options).Options);
    }
}
