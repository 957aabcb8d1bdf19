namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The pte lock's held bit (pte_offset_map_lock / pte_unmap_unlock): a thread that looks at it
/// and one that takes or drops it must conflict, or the partial-order reduction takes two
/// threads contending for one pte lock for independent.
/// </summary>
public sealed class PteLockFootprintTests
{
    [Fact]
    public void Looking_at_the_pte_lock_conflicts_with_taking_it()
    {
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var (read, write) = RecordedAccesses.OfField(vma, "PtlHeld");

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
