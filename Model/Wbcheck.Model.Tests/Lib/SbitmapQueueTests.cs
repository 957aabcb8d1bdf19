using Wbcheck.Model.Lib;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Lib;

/// <summary>
/// blk-mq's tag bitmap wake-ups (branch wake24), the bitmap alone: tasks queued on chosen wait
/// queues, bits freed, and which entries the wake-ups woke, in order. 5.0 counts freed bits per
/// wait queue and wakes one queue's sleepers; 6.2 on (the model's 6.9) counts them per bitmap
/// and wakes a batch queue after queue. Neither is first in line over the whole bitmap.
/// </summary>
public sealed class SbitmapQueueTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(15, 1)]
    [InlineData(16, 2)]
    [InlineData(31, 3)]
    [InlineData(64, 8)]
    [InlineData(128, 8)]
    public void Wake_batch_is_an_eighth_of_the_depth_between_1_and_8(int depth, int wakeBatch)
    {
        Assert.Equal(wakeBatch, SbitmapQueue.SbqCalcWakeBatch(depth));
    }

    /// <summary>bt_wait_ptr's round robin: each call hands out hctx->wait_index's wait queue and moves it on, round the eight.</summary>
    [Fact]
    public void The_wait_index_goes_round_the_eight_wait_queues()
    {
        var waitIndex = 6;

        var picked = Enumerable.Range(0, 3).Select(_ => SbitmapQueue.SbqWaitPtr(ref waitIndex)).ToArray();

        Assert.Equal([6, 7, 0], picked);
        Assert.Equal(1, waitIndex);
    }

    /// <summary>
    /// A sleeper that queued on a wait queue behind wake_index waits for every queue from
    /// wake_index round to it, even for one who queued later: B (on ws[0]) slept before C (on
    /// ws[3]), but the wake-up after A's starts at ws[2] and finds C first.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_free_wakes_from_the_wait_queue_at_wake_index_not_the_first_in_line(bool countsPerBitmap)
    {
        var (tags, runtime) = Bitmap(depth: 1, countsPerBitmap);
        var a = Sleep(tags, 1);
        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal([a.Entry], runtime.Woken);
        Assert.Equal(2, tags.WakeIndex);
        tags.FinishWait(a.Wait);

        var b = Sleep(tags, 0);
        var c = Sleep(tags, 3);
        tags.SbitmapQueueWakeUp(runtime, 1);
        tags.SbitmapQueueWakeUp(runtime, 1);

        Assert.Equal([a.Entry, c.Entry, b.Entry], runtime.Woken);
    }

    /// <summary>Two sleepers on one wait queue: each freed tag (wake_batch 1) wakes the next of them, first in line there.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Within_one_wait_queue_the_first_in_line_is_woken_first(bool countsPerBitmap)
    {
        var (tags, runtime) = Bitmap(depth: 1, countsPerBitmap);
        var first = Sleep(tags, 0);
        var second = Sleep(tags, 0);

        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal([first.Entry], runtime.Woken);
        tags.SbitmapQueueWakeUp(runtime, 1);

        Assert.Equal([first.Entry, second.Entry], runtime.Woken);
    }

    /// <summary>
    /// Depth 16, wake_batch 2, one sleeper on each of ws[0] and ws[1]. 5.0: two freed tags bring
    /// ws[0]'s count to 0 and wake up to 2 there, so one; ws[1]'s sleeper needs two more. 6.9: two
    /// freed tags wake 2, ws[0]'s and then ws[1]'s.
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void A_batch_of_freed_tags_wakes_one_queue_on_5_0_and_across_queues_on_6_9(bool countsPerBitmap, int woken)
    {
        var (tags, runtime) = Bitmap(depth: 16, countsPerBitmap);
        Assert.Equal(2, tags.WakeBatch);
        var a = Sleep(tags, 0);
        var b = Sleep(tags, 1);

        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Empty(runtime.Woken);
        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal(new[] { a.Entry, b.Entry }.Take(woken), runtime.Woken);

        tags.SbitmapQueueWakeUp(runtime, 1);
        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal([a.Entry, b.Entry], runtime.Woken);
    }

    /// <summary>
    /// A tag freed while no task waits counts toward no wake-up in either form (5.0: no wait queue
    /// is looked at; 6.9: completion_cnt moves only while ws_active): with wake_batch 2 the
    /// sleeper that comes after it still needs two.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tag_freed_while_nobody_waits_counts_for_nothing(bool countsPerBitmap)
    {
        var (tags, runtime) = Bitmap(depth: 16, countsPerBitmap);
        tags.SbitmapQueueWakeUp(runtime, 1);
        var a = Sleep(tags, 0);

        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Empty(runtime.Woken);
        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal([a.Entry], runtime.Woken);
    }

    /// <summary>
    /// A tag freed after a wake-up and before the woken task has run (its entry is off the
    /// queue, it is still in ws_active): 6.9 counts it (completion_cnt moves while ws_active),
    /// so with wake_batch 2 one more freed tag wakes the next sleeper; 5.0 finds no wait queue
    /// with sleepers and counts it nowhere, so the next sleeper's queue needs two.
    /// </summary>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void A_tag_freed_before_the_woken_run_counts_on_6_9_not_on_5_0(bool countsPerBitmap, int wokenLater)
    {
        var (tags, runtime) = Bitmap(depth: 16, countsPerBitmap);
        var a = Sleep(tags, 0);
        tags.SbitmapQueueWakeUp(runtime, 1);
        tags.SbitmapQueueWakeUp(runtime, 1);
        Assert.Equal([a.Entry], runtime.Woken);

        // A is woken and has not run: one more tag is freed, then B sleeps and one more.
        tags.SbitmapQueueWakeUp(runtime, 1);
        var b = Sleep(tags, 1);
        tags.SbitmapQueueWakeUp(runtime, 1);

        Assert.Equal(wokenLater, runtime.Woken.Count(entry => entry == b.Entry));
    }

    private static (SbitmapQueue Tags, WakeRecorder Runtime) Bitmap(int depth, bool countsPerBitmap) =>
        (new SbitmapQueue("bitmap_tags", null, depth, countsPerBitmap, accessId: 1), new WakeRecorder());

    private static (SbqWait Wait, WaitQueue Entry) Sleep(SbitmapQueue tags, int index)
    {
        var wait = new SbqWait();
        return (wait, tags.PrepareToWait(index, wait));
    }
}
