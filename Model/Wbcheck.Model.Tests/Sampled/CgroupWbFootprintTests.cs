using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A cgroup wb's counters and flags (wb-&gt;stat[], dirty_exceeded, the flusher's state): the
/// throttle reads them and writeback changes them from other threads, so a read and a write of
/// one must conflict, or the partial-order reduction runs only one order of the two steps.
/// </summary>
public sealed class CgroupWbFootprintTests
{
    [Theory]
    [InlineData("Dirtied")]
    [InlineData("Written")]
    [InlineData("Reclaimable")]
    [InlineData("WritebackPages")]
    [InlineData("DirtyExceeded")]
    [InlineData("FlusherWoken")]
    [InlineData("WritebackRunning")]
    [InlineData("Dying")]
    public void Reading_a_field_conflicts_with_writing_it(string field)
    {
        var wb = new CgroupWb(new MemCgroup("job", 50), jiffies: 0);
        var (read, write) = RecordedAccesses.OfField(wb, field);

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
