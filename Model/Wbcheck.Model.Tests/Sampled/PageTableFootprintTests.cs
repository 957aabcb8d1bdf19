namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A vma's unmapped mark (munmap's, the model's stand-in for mmap_lock): a fault reads it and
/// munmap writes it from another thread, so the read and the write must conflict, or the
/// partial-order reduction runs only one order of the fault and the munmap.
/// </summary>
public sealed class PageTableFootprintTests
{
    [Fact]
    public void Reading_the_unmapped_mark_conflicts_with_writing_it()
    {
        var world = new World(pages: 1);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps: null);
        var (read, write) = RecordedAccesses.OfField(vma, "Unmapped");

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
