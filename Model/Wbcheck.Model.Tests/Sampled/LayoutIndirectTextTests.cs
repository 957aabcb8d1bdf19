using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A layout's indirect blocks (the metadata get_block must read, ext2_get_branch's, before it can
/// map the blocks they cover) survive the text form a counterexample prints, and each covers
/// its whole run, its last block too: the conformance shim's block table marks a block mapped
/// through an indirect block by asking it.
/// </summary>
public sealed class LayoutIndirectTextTests
{
    [Fact]
    public void Indirect_blocks_read_back_from_the_text_form_with_their_state()
    {
        var layout = LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-7 at 40\nindirect 9 maps 2-5 dirty\nindirect 12 maps 6-7 cached\ndirty 0-1\n");

        var again = LayoutParser.Parse(layout.ToText());

        Assert.Equal(layout.IndirectBlocks.ToArray(), again.IndirectBlocks.ToArray());
        Assert.Equal(2, again.IndirectBlocks.Length);
    }

    [Fact]
    public void An_indirect_block_maps_every_block_of_its_run_and_no_other()
    {
        var indirect = new LayoutIndirectBlock(DiskBlock: 9, FirstBlock: 2, Count: 4);

        Assert.Equal([2L, 3, 4, 5], Enumerable.Range(0, 10).Select(b => (long)b).Where(indirect.Maps));
    }
}
