namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_pages_range's first pass takes the pages it can lock without waiting
/// (find_lock_entries' trylock) and removes them in one batch; only what it left goes to the second
/// pass, which sleeps in folio_lock for each. Two clean, unlocked pages are both taken by the first
/// pass: no lock_page point at all, and both gone.
/// </summary>
public sealed class TruncateFirstPassTrylockTests
{
    [Fact]
    public void Pages_nobody_holds_are_removed_by_the_first_pass_without_a_sleeping_lock()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = KernelEra.V6_9 });
        var inode = kernel.CreateInode(2, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);

        runtime.Inner.Run("truncate", async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1));

        Assert.Equal(0, runtime.Count(kernel.Names.LockPage));
        Assert.Null(inode.Mapping.Pages.Load(0));
        Assert.Null(inode.Mapping.Pages.Load(1));
    }
}
