using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// evict() of an unlinked inode whose address space has no -&gt;evict_inode of the model's
/// filesystem contract (mpage's): truncate_inode_pages_final from offset 0 drops every page.
/// </summary>
public sealed class EvictGenericTests
{
    [Fact]
    public void The_last_iput_of_an_unlinked_mpage_inode_drops_every_page_page_0_too()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("i-size 12288\nextent 0-2 at 40\ncached 0-2\n"), Block.BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        run.Inode.Nlink = 0;
        Assert.Equal(1, run.Inode.Count);

        runtime.Run("iput", async () => await run.Kernel.Vfs.Iput(run.Inode));

        Assert.Equal(0, run.Inode.Mapping.NrPages);
        Assert.Null(run.Inode.Mapping.Pages.Load(0));
        Assert.True(run.Inode.Evicted);
    }
}
