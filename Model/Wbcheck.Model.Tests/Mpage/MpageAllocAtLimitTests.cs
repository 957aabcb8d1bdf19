using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Mpage;

/// <summary>
/// mpage_alloc retries a failed bio_alloc with half as many vecs, "while (!bio &amp;&amp; (nr_vecs /= 2))"
/// [R]; the model's bio_alloc fails above its limit and grants up to it. A limit of 4: the
/// request halves down to 4 and stops there (4 is granted), so five contiguous dirty pages go as a
/// bio of 4, then one of 1.
/// </summary>
public sealed class MpageAllocAtLimitTests
{
    [Fact]
    public void A_request_halved_down_to_the_limit_is_granted_at_the_limit()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("i-size 20480\nextent 0-4 at 7\ndirty 0-4\nbio-alloc-limit 4\n"));

        Assert.All(run.Log.Records, record => Assert.Equal(4, record.Bio!.MaxVecs));
        Assert.Equal([4, 1], run.Log.Records.Select(record => record.Bio!.Vecs.Count));
    }
}
