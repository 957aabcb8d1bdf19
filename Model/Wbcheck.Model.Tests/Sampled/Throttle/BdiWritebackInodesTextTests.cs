using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The disk's bandwidth state as the throttle's traces print it names writeback_inodes (5.15,
/// 633a2abb9e1c: the inodes with pages under writeback, counted in the 6.9 era) only while there
/// is one: a disk with one file under writeback prints "writeback_inodes 1", an idle one nothing.
/// </summary>
public sealed class BdiWritebackInodesTextTests
{
    [Fact]
    public void The_text_names_writeback_inodes_only_while_a_file_is_under_writeback()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V6_9 });
        var bdi = world.Kernel.Throttle.Bdi;
        Assert.DoesNotContain("writeback_inodes", bdi.ToString(), StringComparison.Ordinal);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.True(world.Page(0).Writeback);
        Assert.EndsWith(", writeback_inodes 1", bdi.ToString(), StringComparison.Ordinal);
    }
}
