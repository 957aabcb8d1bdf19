using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_mpage_readpage (4.9) submits its bios with mpage_bio_submit(REQ_OP_READ, 0, bio): no
/// REQ_SYNC, readahead is never a synchronous request.
/// </summary>
public sealed class ReadBioSyncTests
{
    [Fact]
    public void Readahead_bios_are_not_sync()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-7 at 30\n"));

        Assert.NotEmpty(run.Log.Records);
        Assert.All(run.Log.Records, record => Assert.False(record.Sync, record.ToString()));
        Assert.All(run.Log.Records, record => Assert.Equal(BioOp.Read, record.Op));
    }
}
