using Wbcheck.Model.Fs.Mpage;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A buffer_head's b_state, b_blocknr and b_size (get_block fills the last two in, the write
/// and read paths read them to build bios): reading a field must conflict with writing it, as
/// StateFootprintTests has it for the inode and the mapping, or the partial-order reduction
/// takes a step that maps a buffer for independent of one that reads where it is mapped.
/// </summary>
public sealed class BufferHeadFootprintTests
{
    [Theory]
    [InlineData("State")]
    [InlineData("BlockNr")]
    [InlineData("Size")]
    public void Reading_a_field_conflicts_with_writing_it(string field)
    {
        var world = new World(pages: 1);
        var bh = BufferHeads.CreateEmptyBuffers(world.Page(0), 1024, BufferState.Mapped)[1];
        var (read, write) = RecordedAccesses.OfField(bh, field);

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(write, entry => (entry & 1) == 1);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
