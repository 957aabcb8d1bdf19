using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// The preconditions of __remove_mapping, each driven to fire. (Its dirty recheck is proven in
/// <c>ReclaimTests</c>, through filemap_unaccount_folio.)
/// </summary>
public sealed class VmscanAssertionTests
{
    [Fact]
    public void Reclaim_removing_a_page_it_has_not_locked_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        Filemap.FolioGet(page);

        Fired.Bug("__remove_mapping", "page 0 is not locked", () => world.Run(() => world.Kernel.Vmscan.RemoveMapping(world.Mapping, page)));
    }

    [Fact]
    public void Reclaim_removing_a_page_from_a_mapping_it_is_not_in_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);
        var other = world.Kernel.CreateInode(1, world.Fs).Mapping;
        var page = world.Page(0);
        Filemap.FolioGet(page);

        Fired.Bug("__remove_mapping", $"page 0 is not in {other}", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Kernel.Vmscan.RemoveMapping(other, page);
        }));
    }
}
