using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_pagecache (mm/truncate.c, 2.6.20 and 6.9) calls unmap_mapping_range before
/// truncate_inode_pages: every pte past the new EOF is zapped (zap_pte_range, under the pte lock)
/// before truncate looks up the first page to remove (find_lock_entries, or its era's pagevec
/// lookup), so no fault can dirty a page truncate is about to take; the per-page unmap inside
/// truncate (unmap_mapping_folio) is only for a page a fault mapped again since. Three mapped
/// pages truncated to nothing: the first zap comes before the first lookup, and no pte is left.
/// </summary>
public sealed class UnmapBeforeTruncateTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void Truncate_zaps_the_ptes_past_eof_before_it_looks_up_a_page(KernelEra era)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(3, fs);
        var vma = kernel.Memory.Mmap(inode, fs);
        for (var index = 0; index < 3; index++)
        {
            kernel.Memory.MapPage(vma, kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false));
        }

        runtime.Inner.Run("truncate", async () => await kernel.Truncate.TruncateSetsizeBytes(inode, 0));

        var functions = runtime.Points.Select(point => point.Label.Function).ToList();
        var firstZap = functions.IndexOf("zap_pte_range");
        var firstLookup = functions.IndexOf(kernel.Names.FindLockEntries);
        Assert.True(firstZap >= 0 && firstLookup >= 0, string.Join(", ", functions));
        Assert.True(firstZap < firstLookup, string.Join(", ", functions));
        Assert.All(Enumerable.Range(0, 3), index => Assert.Null(vma.Lookup(index)));
        Assert.Null(inode.Mapping.Pages.Load(0));
    }
}
