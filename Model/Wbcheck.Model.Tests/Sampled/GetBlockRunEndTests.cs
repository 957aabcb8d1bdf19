using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// get_block (ext2_get_block, 4.9) maps a run of contiguous blocks, at most b_size of them: a
/// run that reaches the file's last mapped block ends there, however many blocks were asked for.
/// </summary>
public sealed class GetBlockRunEndTests
{
    [Fact]
    public void A_run_to_the_last_block_of_the_file_ends_there()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 10\n"), BioOp.Read);
        var bh = new BufferHead { Size = 8 * 1024 };

        ((SequentialRuntime)run.Kernel.Runtime).Run("get_block", async () => await run.Fs.GetBlock(run.Inode, 1, bh, create: false));

        Assert.Equal((11L, 3 * 1024, "M"), (bh.BlockNr, bh.Size, bh.Letters()));
    }
}
