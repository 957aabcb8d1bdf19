using Wbcheck.Model.Tests.Assertions;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_pages_range before 3.11: only lend == -1 means "to the end of the file"; any
/// other end must be the last byte of a page, BUG_ON((lend &amp; (PAGE_CACHE_SIZE - 1)) !=
/// (PAGE_CACHE_SIZE - 1)). -2 is not: -2 &amp; 4095 is 4094.
/// </summary>
public sealed class TruncateEndBelowMinusOneTests
{
    [Fact]
    public void An_end_of_minus_two_is_a_kernel_bug_before_3_11()
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_20 });

        Fired.Bug("truncate_inode_pages_range", "BUG_ON: lend -2 does not end a page",
            () => world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, -2)));
        Assert.NotNull(world.Mapping.Pages.Load(0));
    }
}
