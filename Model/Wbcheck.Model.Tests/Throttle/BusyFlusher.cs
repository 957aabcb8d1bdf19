namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The disk's writeback thread busy with other work: the pool's one thread (the world has
/// PdflushThreads 1) taken by an activity that holds the flusher (from 2.6.36, where the flusher
/// runs wb_writeback) and writes nothing. What a wake-up meanwhile does, era by era, is what the
/// tests of the deferred wake-ups ask.
/// </summary>
internal static class BusyFlusher
{
    /// <summary>Start the activity; the list gets the pages submitted when it ran, to show what ran before it.</summary>
    public static List<int> Hold(ThrottleWorld world, KernelEra era)
    {
        var submittedWhenFlusherRan = new List<int>();
        var fsWriteback = world.Kernel.FsWriteback;
        Assert.Equal(0, world.Kernel.Pdflush.PdflushOperation("flusher", async _ =>
        {
            var holdsFlusher = era.FlusherRunsWbWriteback();
            if (holdsFlusher)
            {
                await fsWriteback.WbFlusherEnter();
            }

            submittedWhenFlusherRan.Add(world.PagesSubmitted);
            if (holdsFlusher)
            {
                fsWriteback.WbFlusherLeave();
            }
        }, 0));
        return submittedWhenFlusherRan;
    }
}
