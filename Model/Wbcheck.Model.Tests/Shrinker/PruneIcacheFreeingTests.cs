using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// The inode shrinker marks every inode it is about to free I_FREEING before dispose_list evicts
/// it: 2.6.20's prune_icache for an inode with pages once can_unuse passes after the invalidation,
/// and for one without at once ("inode-&gt;i_state |= I_FREEING" before the move to the freeable
/// list) [R]; inode_lru_isolate the same from 2.6.38 [R]. The mark is what igrab and the hash
/// lookups refuse, and clear_inode BUG()s on an inode without it [R]. An inode that had a clean
/// page (invalidated first) and one that had none are freed in one walk.
/// </summary>
public sealed class PruneIcacheFreeingTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V5_0)]
    public void Every_inode_the_walk_frees_is_marked_i_freeing(KernelEra era)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var withPage = kernel.CreateUnusedInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(withPage.Mapping, 0, dirty: false);
        var without = kernel.CreateUnusedInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));

        var freed = 0;
        ((SequentialRuntime)kernel.Runtime).Run("shrinker", async () => freed = await kernel.Vfs.PruneIcache(4));

        Assert.Equal(2, freed);
        Assert.All([withPage, without], inode => Assert.True(inode.Evicted && inode.Freeing && !inode.OnLru));
        Assert.False(kernel.Vfs.Igrab(withPage));
    }
}
