using System.Reflection;
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
    public void Reading_a_field_conflicts_with_writing_it(string field)
    {
        var wb = new CgroupWb(new MemCgroup("job", 50), jiffies: 0);
        var property = typeof(CgroupWb).GetProperty(field, BindingFlags.Public | BindingFlags.Instance)!;
        var value = property.GetValue(wb);

        var read = RecordedAccesses.Of(() => property.GetValue(wb));
        var write = RecordedAccesses.Of(() => property.GetSetMethod(nonPublic: true)!.Invoke(wb, [value]));

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
