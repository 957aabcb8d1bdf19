namespace Wbcheck.Model.Block;

/// <summary>
/// struct io_context's request batching (2.6.20 to 4.20, the legacy request path): a task that
/// has just slept for a request, or whose allocation filled a list, is a batcher and may take
/// requests past nr_requests (up to 3 * nr_requests / 2) while it has
/// <see cref="NrBatchRequests"/> left and BLK_BATCH_TIME has not passed since
/// <see cref="LastWaited"/>. One per task, for every queue (the model has one).
/// </summary>
public sealed class IoContext
{
    /// <summary>ioc-&gt;nr_batch_requests: requests the batch has left; q-&gt;nr_batching when it starts.</summary>
    public int NrBatchRequests { get; set; }

    /// <summary>ioc-&gt;last_waited: the jiffies the batch started at.</summary>
    public long LastWaited { get; set; }
}
