namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// An inode's cgroup writeback fields (i_wb, I_WB_SWITCH in i_state, the foreign detection's
/// i_wb_frn_*): unlocked_inode_to_wb_begin reads I_WB_SWITCH and i_wb under RCU alone, while
/// inode_switch_wbs and its work write them under other locks, and the foreign detection's
/// history is read and written from writeback and from the switch. A read of each must conflict
/// with a write of it, or the partial-order reduction runs only one order of the two steps.
/// </summary>
public sealed class InodeWbFootprintTests
{
    [Theory]
    [InlineData("WbAttached")]
    [InlineData("IWb")]
    [InlineData("WbSwitch")]
    [InlineData("WbFrnWinner")]
    [InlineData("WbFrnAvgTime")]
    [InlineData("WbFrnHistory")]
    public void Reading_a_field_conflicts_with_writing_it(string field)
    {
        var world = new World(pages: 1);
        var (read, write) = RecordedAccesses.OfField(world.Inode, field);

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
