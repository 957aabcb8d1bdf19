using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_pages_range's second pass runs "while (index &lt; end)", its cond_resched inside
/// the loop (6.9, and 2.6.20's "for ( ; ; ) { cond_resched(); ... }" ends at once on an empty
/// range too: its lookup from start finds nothing and start equals end) [R]: a range with no whole
/// page (a hole punched inside one page, lstart 100 and lend the page's last byte: start = end =
/// 1) has only the partial page's zeroing, and no preemption point of the second pass's lookup
/// (find_get_entries). A point the kernel does not have would give the schedule explorer an
/// interleaving the kernel cannot take.
/// </summary>
public sealed class TruncateEmptyRangeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_range_inside_one_page_has_no_preemption_point_of_the_second_pass(KernelEra era)
    {
        Kernel? kernel = null;
        var runtime = new InterposingRuntime(label => label.Function == kernel!.Names.FindGetEntries, () => { });
        kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);

        runtime.Inner.Run("test", async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 100, Page.PageSize - 1));

        Assert.False(runtime.Interposed);
        Assert.NotNull(inode.Mapping.Pages.Load(0));
    }
}
