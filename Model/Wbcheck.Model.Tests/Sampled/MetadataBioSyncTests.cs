using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The indirect block get_block reads comes through sb_bread, __bread_gfp's
/// submit_bh(REQ_OP_READ, 0, bh) (4.9): op_flags 0, no REQ_SYNC, as readahead's own bios.
/// </summary>
public sealed class MetadataBioSyncTests
{
    [Fact]
    public void The_indirect_block_read_is_not_sync()
    {
        // ext2's layout of mpage.c's comment: 12 direct blocks on disk 0-11, the indirect block
        // on 12, file blocks 12-15 on 13-16. The read submits the indirect block first.
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 1024\ni-size 16384\nextent 0-11 at 0\nindirect 12 maps 12-15\nextent 12-15 at 13\n"));

        var indirect = Assert.Single(run.Log.Records, record => record.Reason == SubmitReason.IndirectBlockRead);
        Assert.Equal((BioOp.Read, false), (indirect.Op, indirect.Sync));
    }
}
