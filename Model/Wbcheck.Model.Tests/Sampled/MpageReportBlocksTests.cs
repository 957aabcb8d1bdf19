using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// `wbcheck bios`' report names the disk blocks each I/O covers as an inclusive range: a bio of
/// sectors 40-47 on 1024-byte blocks (two sectors a block) covers blocks 20-23, not 20-24.
/// </summary>
public sealed class MpageReportBlocksTests
{
    [Fact]
    public void A_bio_row_names_the_first_and_last_disk_block_it_covers()
    {
        // One dirty page of four 1024-byte blocks, mapped to disk blocks 20-23: one WRITE bio
        // at sector 40 of 8 sectors.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 20\ndirty 0\n"));
        var record = Assert.Single(run.Log.Records);
        Assert.Equal((40L, 8), (record.Sector, record.Sectors));

        var row = MpageReport.Render(run).Split('\n').Single(line => line.StartsWith("1 ", StringComparison.Ordinal));

        Assert.Equal(["1", "WRITE", "20-23", "40", "8", "0"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
    }
}
