using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Mpage;

public sealed class MpageTests
{
    /// <summary>The ext2 file of mpage.c's comment: 12 direct blocks, then an indirect block on disk block 12.</summary>
    private static string Ext2(bool boundary, string indirectState = "") => $"""
        block-size 1024
        i-size 16384
        extent 0-11 at 0{(boundary ? " boundary" : "")}
        indirect 12 maps 12-15 {indirectState}
        extent 12-15 at 13
        dirty 0-3
        """;

    /// <summary>Each I/O as "R 0-11" or "W 12": its direction and disk blocks, in submission order.</summary>
    private static List<string> Submitted(MpageRun run)
    {
        var sectorsPerBlock = run.Layout.BlockSize / BlockDevice.SectorSize;
        return [.. run.Log.Records.Select(r => $"{(r.Op == BioOp.Read ? "R" : "W")} {NumberRanges.Range(r.Sector / sectorsPerBlock, ((r.Sector + r.Sectors) / sectorsPerBlock) - 1)}")];
    }

    [Fact]
    public void Without_BH_Boundary_the_ext2_read_submits_the_indirect_block_before_the_blocks_before_it()
    {
        var run = MpageScenario.Read(LayoutParser.Parse(Ext2(boundary: false)));

        Assert.Equal(["R 12", "R 0-11", "R 13-16"], Submitted(run));
        Assert.Equal([SubmitReason.IndirectBlockRead, SubmitReason.Discontiguous, SubmitReason.EndOfPass], run.Log.Records.Select(r => r.Reason));
    }

    [Fact]
    public void With_BH_Boundary_the_ext2_read_submits_in_disk_order()
    {
        var run = MpageScenario.Read(LayoutParser.Parse(Ext2(boundary: true)));

        Assert.Equal(["R 0-11", "R 12", "R 13-16"], Submitted(run));
        Assert.Equal(SubmitReason.Boundary, run.Log.Records[0].Reason);
    }

    [Fact]
    public void Write_back_behaves_the_same_way_and_writes_a_dirty_indirect_block_after_its_boundary()
    {
        Assert.Equal(["R 12", "W 0-11", "W 13-16"], Submitted(MpageScenario.Write(LayoutParser.Parse(Ext2(boundary: false)))));
        Assert.Equal(["W 0-11", "R 12", "W 13-16"], Submitted(MpageScenario.Write(LayoutParser.Parse(Ext2(boundary: true)))));

        var dirtyIndirect = MpageScenario.Write(LayoutParser.Parse(Ext2(boundary: true, "dirty")));

        Assert.Equal(["W 0-11", "W 12", "W 13-16"], Submitted(dirtyIndirect));
        Assert.Equal(SubmitReason.BoundaryBlockWrite, dirtyIndirect.Log.Records[1].Reason);
        Assert.False(dirtyIndirect.Fs.Buffers.FindGetBlock(12)!.Dirty);
    }

    [Theory]
    [InlineData("all", true)]
    [InlineData("none", false)]
    public void WB_SYNC_ALL_bios_are_WRITE_SYNC_and_WB_SYNC_NONE_ones_are_not(string sync, bool writeSync)
    {
        // Page 1's blocks are apart on the disk: it goes to ->writepage, whose buffer bios count too.
        var run = MpageScenario.Write(LayoutParser.Parse($"block-size 2048\ni-size 12288\nextent 0-2 at 10\nextent 3 at 50\nextent 4-5 at 13\ndirty 0-2\nsync {sync}\n"));

        Assert.Contains(run.Log.Records, r => r.Reason == SubmitReason.BufferWrite);
        Assert.All(run.Log.Records, r => Assert.Equal(writeSync, r.Sync));
    }

    /// <summary>
    /// mpage's own bios of a WB_SYNC_ALL pass are WRITE_SYNC only from Roman Pen's 4.1 patch
    /// (MpageEras); the fallback -&gt;writepage's buffer bios (__block_write_full_page) are in
    /// every era read. So before it an mpage fsync's data took async requests from 2.6.30 on.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V6_10, true)]
    public void Before_4_1_mpage_sends_its_own_WB_SYNC_ALL_bios_as_plain_WRITE(KernelEra era, bool mpageSync)
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-2 at 10\nextent 3 at 50\nextent 4-5 at 13\ndirty 0-2\nsync all\n"), null, era);

        var mpageBios = run.Log.Records.Where(r => r.Reason != SubmitReason.BufferWrite).ToList();
        Assert.NotEmpty(mpageBios);
        Assert.All(mpageBios, r => Assert.Equal(mpageSync, r.Sync));
        Assert.All(run.Log.Records.Where(r => r.Reason == SubmitReason.BufferWrite), r => Assert.True(r.Sync, r.ToString()));
    }

    [Fact]
    public void Write_back_leaves_every_page_clean_unlocked_and_on_disk()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-2 at 10\nextent 3 at 50\nextent 4-5 at 13\ndirty 0-2\n"));

        foreach (var page in run.Kernel.CachedPages())
        {
            Assert.Equal("U", page.FlagString());
            Assert.Equal(page.Version, run.Kernel.Device.StableVersion(run.Inode, page.Index));
        }

        Assert.Null(TagFlagCoherence.Check(run.Kernel));
        Assert.Null(Accounting.Check(run.Kernel));
        Assert.Null(MpageBios.CheckWrittenOnce(run));
        Assert.Null(MpageBios.CheckContiguous(run));
    }

    [Fact]
    public void The_page_straddling_i_size_reaches_the_disk_zeroed_past_i_size()
    {
        var layout = LayoutParser.Parse("i-size 10000\nextent 0-2 at 40\ndirty 0-2\n");

        var run = MpageScenario.Write(layout);

        // Page 2 holds file bytes 8192-12287; i_size 10000 is 1808 bytes into it, in its fourth sector.
        var sectors = run.Kernel.Device.Sectors;
        Assert.Equal(512, sectors[(42 * 8) + 2].ZeroFrom);
        Assert.Equal(1808 - 1536, sectors[(42 * 8) + 3].ZeroFrom);
        Assert.Equal(0, sectors[(42 * 8) + 4].ZeroFrom);
        Assert.Null(MpageBios.CheckZeroPastEof(run));
    }

    [Fact]
    public void Without_the_zeroing_the_bytes_past_i_size_reach_the_disk_and_the_check_says_where()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("i-size 10000\nextent 0-2 at 40\ndirty 0-2\n"), new Faults { MpageSkipsZeroingPastEof = true });

        Assert.Equal("sector 339 (file bytes 9728-10239, page 2) holds bytes 10000-10239, at or past i_size 10000, not zeroed", MpageBios.CheckZeroPastEof(run));
    }

    [Fact]
    public void A_page_written_buffer_by_buffer_ends_its_writeback_with_its_last_buffer()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0 at 10\nextent 1 at 50\ndirty 0\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));

        Assert.Equal([ConfusedReason.Discontiguous], run.Log.Confused.Select(c => c.Reason));
        Assert.Equal(2, runtime.Pending.Count);
        runtime.RunPending(1);
        Assert.True(page.Writeback);
        runtime.RunPending(0);
        Assert.False(page.Writeback);
        Assert.Null(Accounting.Check(run.Kernel));
    }

    [Fact]
    public void A_bio_holds_at_most_BIO_MAX_PAGES_unless_the_fault_lifts_the_limit()
    {
        var layout = LayoutParser.Parse("i-size 20480\nextent 0-4 at 7\ndirty 0-4\nbio-max-pages 2\n");

        var run = MpageScenario.Write(layout);
        var unbounded = MpageScenario.Write(layout, new Faults { MpageIgnoresBioMaxPages = true });

        Assert.Equal([2, 2, 1], run.Log.Records.Select(r => r.Pages.Length));
        Assert.Equal([SubmitReason.BioFull, SubmitReason.BioFull, SubmitReason.EndOfPass], run.Log.Records.Select(r => r.Reason));
        Assert.Equal([5], unbounded.Log.Records.Select(r => r.Pages.Length));
        Assert.Equal("bio #1 carries 5 pages (20480 bytes), over BIO_MAX_PAGES 2", MpageBios.CheckSizeLimit(unbounded));
    }

    [Fact]
    public void Under_memory_pressure_mpage_alloc_halves_its_request_until_bio_alloc_gives_one()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("i-size 20480\nextent 0-4 at 7\ndirty 0-4\nbio-alloc-limit 3\n"));

        Assert.All(run.Log.Records, r => Assert.Equal(2, r.Bio!.MaxVecs));
        Assert.Equal(SubmitReason.BioAddPageFailed, run.Log.Records[0].Reason);
    }

    [Fact]
    public void Ignoring_a_discontiguity_puts_a_page_where_it_does_not_belong_and_the_check_says_so()
    {
        var layout = LayoutParser.Parse("i-size 8192\nextent 0 at 7\nextent 1 at 20\ndirty 0-1\n");

        Assert.Null(MpageBios.CheckContiguous(MpageScenario.Write(layout)));
        Assert.Equal(
            "bio #1 puts file block 1 (page 1) at sector 64, but the block map has it at sector 160 (disk block 20)",
            MpageBios.CheckContiguous(MpageScenario.Write(layout, new Faults { MpageIgnoresDiscontiguity = true })));
    }

    [Fact]
    public void A_confused_page_dropped_instead_of_written_is_reported_as_never_written()
    {
        var layout = LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0 at 10\nextent 1 at 50\ndirty 0\n");

        Assert.Null(MpageBios.CheckWrittenOnce(MpageScenario.Write(layout)));
        Assert.Equal("dirty page 0 was never written", MpageBios.CheckWrittenOnce(MpageScenario.Write(layout, new Faults { MpageConfusedDropsPage = true })));
    }

    [Fact]
    public void Reading_a_page_that_is_all_hole_zeroes_it_with_no_IO()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 4-7 at 30\n"));

        Assert.Equal(["R 30-33"], Submitted(run));
        Assert.Equal([0L], run.Log.HolePages);
        var hole = run.Inode.Mapping.Pages.Load(0)!;
        Assert.Equal("U", hole.FlagString());
        Assert.Equal(0, hole.ZeroFrom);
    }

    [Fact]
    public void Get_block_maps_a_run_up_to_a_boundary_block_and_allocates_reserved_blocks_only_when_asked()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-2 at 10 boundary\nextent 3-4 at 13\nextent 5-7 at 15 new\n"), BioOp.Read);
        var fs = run.Fs;
        BufferHead Map(long block, int blocks, bool create)
        {
            var bh = new BufferHead { Size = blocks * 1024 };
            ((SequentialRuntime)run.Kernel.Runtime).Run("get_block", async () => await fs.GetBlock(run.Inode, block, bh, create));
            return bh;
        }

        var upToBoundary = Map(0, 8, create: false);
        Assert.Equal((10L, 3 * 1024, "MB"), (upToBoundary.BlockNr, upToBoundary.Size, upToBoundary.Letters()));
        Assert.Equal("-", Map(5, 3, create: false).Letters());
        var allocated = Map(5, 3, create: true);
        Assert.Equal((15L, 3 * 1024, "MN"), (allocated.BlockNr, allocated.Size, allocated.Letters()));
        Assert.True(fs.Map.IsAllocated(7));
        Assert.Equal("M", Map(5, 1, create: false).Letters());
    }
}
