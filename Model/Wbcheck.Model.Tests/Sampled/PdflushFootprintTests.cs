namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// pdflush_operation (2.6.20) looks at how many pdflush threads are busy and takes one: a
/// step that reads the count and one that changes it must conflict, or the partial-order
/// reduction runs only one order of two handoffs that race for the last idle thread.
/// </summary>
public sealed class PdflushFootprintTests
{
    [Fact]
    public void Reading_the_busy_count_conflicts_with_taking_a_thread()
    {
        var world = new World(pages: 1);
        var pdflush = world.Kernel.Pdflush;

        var read = RecordedAccesses.Of(() => _ = pdflush.Busy);
        var take = RecordedAccesses.Of(() => pdflush.PdflushOperation("test", _ => ValueTask.CompletedTask, 0));

        Assert.NotEmpty(read);
        Assert.Contains(read, entry => take.Contains(entry | 1));
    }
}
