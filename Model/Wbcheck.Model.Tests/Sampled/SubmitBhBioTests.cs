using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// submit_bh_wbc (fs/buffer.c, 4.9) sends a buffer in a bio of its own, bio_alloc(GFP_NOIO, 1):
/// room for one vec, the buffer's block of its page.
/// </summary>
public sealed class SubmitBhBioTests
{
    [Fact]
    public void Each_buffer_write_goes_in_a_bio_allocated_for_one_vec()
    {
        // Dirty buffers not mapped confuse mpage: ->writepage maps and writes the two buffers.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0-1 at 20 new\ndirty 0\nbuffers 0 DU DU\n"));

        var buffered = run.Log.Records.Where(r => r.Reason == SubmitReason.BufferWrite).ToList();
        Assert.Equal(2, buffered.Count);
        Assert.All(buffered, r => Assert.Equal((1, 1), (r.Bio!.MaxVecs, r.Bio.Vecs.Count)));
    }
}
