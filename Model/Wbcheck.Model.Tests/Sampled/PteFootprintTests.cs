namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A pte's write and dirty bits (page_mkclean clears both, a store sets them, a write fault makes
/// the pte writable): looking at a bit and changing it must conflict, or the partial-order
/// reduction takes the store and the clean for independent and runs only one of their orders.
/// </summary>
public sealed class PteFootprintTests
{
    [Theory]
    [InlineData("Write")]
    [InlineData("Dirty")]
    public void Reading_a_bit_conflicts_with_writing_it(string bit)
    {
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        var (read, write) = RecordedAccesses.OfField(pte, bit);

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
