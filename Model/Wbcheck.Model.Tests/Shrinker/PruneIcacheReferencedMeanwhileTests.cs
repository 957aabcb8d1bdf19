using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// The inode shrinker looks at each inode again under the lock before it frees it: an inode
/// someone took a reference to since it went on the unused list ("if (atomic_read(&amp;inode-&gt;i_count)
/// || ...)" in 2.6.20's prune_icache and in inode_lru_isolate, 6.9) [R] is taken off the list and
/// left alone, whatever that count is. The reference comes while the walk works on the inode before
/// it (the __iget before invalidating that inode's pages), as a lookup that found the inode in the
/// hash would take it (iget, igrab). One reference is enough: an inode with i_count 1 is in use.
/// </summary>
public sealed class PruneIcacheReferencedMeanwhileTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V5_0)]
    public void An_inode_referenced_once_during_the_walk_is_taken_off_the_list_not_freed(KernelEra era)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var first = kernel.CreateUnusedInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(first.Mapping, 0, dirty: false);
        var second = kernel.CreateUnusedInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        Assert.Equal([first, second], kernel.Vfs.UnusedInodes());
        kernel.Observers.Add(new GrabOnReference(kernel, first, second));

        var freed = 0;
        ((SequentialRuntime)kernel.Runtime).Run("shrinker", async () => freed = await kernel.Vfs.PruneIcache(4));

        // first: invalidated and freed (2.6.20 on the same look; 5.0 after its retry and
        // rotation); second: met with i_count 1, taken off the list, kept.
        Assert.Equal(1, freed);
        Assert.True(first.Evicted);
        Assert.Equal(1, second.Count);
        Assert.False(second.OnLru || second.Freeing || second.Evicted);
    }

    /// <summary>Takes one reference to <paramref name="target"/> when a reference to <paramref name="trigger"/> is first taken.</summary>
    private sealed class GrabOnReference(Kernel kernel, Inode trigger, Inode target) : IKernelObserver
    {
        private bool done;

        public void InodeReferenceChanged(Inode inode, bool taken)
        {
            if (taken && inode == trigger && !done)
            {
                done = true;
                Assert.True(kernel.Vfs.Igrab(target));
            }
        }
    }
}
