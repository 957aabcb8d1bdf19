using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class KernelTests
{
    /// <summary>Reclaim picks its victim by position; every position must name the page the full listing has there.</summary>
    [Fact]
    public void A_cached_page_by_position_is_the_one_the_listing_has_there()
    {
        var kernel = new Kernel(new SequentialRuntime());
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var first = kernel.CreateInode(10, fs);
        var empty = kernel.CreateInode(4, fs);
        var last = kernel.CreateInode(10, fs);
        foreach (var index in new[] { 1, 4, 9 })
        {
            kernel.Filemap.AddCachedPage(first.Mapping, index, dirty: false);
        }

        foreach (var index in new[] { 0, 7 })
        {
            kernel.Filemap.AddCachedPage(last.Mapping, index, dirty: true);
        }

        var listed = kernel.CachedPages().ToList();
        var byPosition = Enumerable.Range(0, kernel.CachedPageCount()).Select(kernel.CachedPage).ToList();

        Assert.Equal(5, listed.Count);
        Assert.Equal(listed, byPosition);
        Assert.Equal(0, empty.Mapping.NrPages);
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.CachedPage(5));
    }
}
