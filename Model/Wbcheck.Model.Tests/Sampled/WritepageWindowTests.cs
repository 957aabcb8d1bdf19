using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __mpage_writepage (4.9) hands a confused page to -&gt;writepage after submitting the bio it
/// holds: the bio log brackets each -&gt;writepage call, so that the I/Os of the fallback (the
/// buffer writes of block_write_full_page) can be told from mpage's own. The conformance
/// differential relies on the brackets.
/// </summary>
public sealed class WritepageWindowTests
{
    [Fact]
    public void The_buffer_writes_of_the_fallback_fall_inside_its_writepage_call()
    {
        // Page 1's blocks are apart on the disk (blocks 2 at 12, 3 at 50): it goes to ->writepage.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-2 at 10\nextent 3 at 50\nextent 4-5 at 13\ndirty 0-2\n"));
        var log = run.Log;

        Assert.Equal([1L], log.Writepages);
        Assert.Single(log.WritepageDoneAt);
        var inside = Enumerable.Range(log.WritepageAt[0], log.WritepageDoneAt[0] - log.WritepageAt[0]).Select(i => log.Records[i]).ToList();
        Assert.Equal(2, inside.Count);
        Assert.All(inside, record => Assert.Equal(SubmitReason.BufferWrite, record.Reason));
        Assert.Equal(2, log.Records.Count(record => record.Reason == SubmitReason.BufferWrite));
    }
}
