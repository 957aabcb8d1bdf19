namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The memcg an inode's pages are charged to (page-&gt;mem_cgroup, here the mapping's): charging
/// writes it (mem_cgroup_charge, commit_charge) while writeback reads it without the charging
/// side's locks (wbc_account_cgroup_owner's page_memcg, the dirtier's mem_cgroup_wb_domain). A
/// read must conflict with a write, or the partial-order reduction runs only one order of a
/// charge and a reader.
/// </summary>
public sealed class InodeMemcgFootprintTests
{
    [Fact]
    public void Reading_the_memcg_conflicts_with_charging_it()
    {
        var world = new World(pages: 1);
        var (read, write) = RecordedAccesses.OfField(world.Inode, "Memcg");

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
