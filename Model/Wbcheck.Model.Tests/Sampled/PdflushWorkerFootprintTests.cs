namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// current_is_pdflush (2.6.20) asks whether the current thread is one of the pdflush threads, a
/// set pdflush_operation adds to when it hands work to a thread: the look must conflict with the
/// handoff, as the busy count's does (PdflushFootprintTests).
/// </summary>
public sealed class PdflushWorkerFootprintTests
{
    [Fact]
    public void Asking_whether_a_thread_is_pdflush_conflicts_with_starting_one()
    {
        var world = new World(pages: 1);
        var pdflush = world.Kernel.Pdflush;
        var ask = RecordedAccesses.Of(() => world.Run(() =>
        {
            Assert.False(pdflush.CurrentIsPdflush());
            return ValueTask.CompletedTask;
        }));

        var start = RecordedAccesses.Of(() => pdflush.PdflushOperation("test", _ => ValueTask.CompletedTask, 0));

        Assert.Contains(ask, entry => (entry & 1) == 0 && start.Contains(entry | 1));
    }
}
