namespace Wbcheck.Concurrency.Bugs;

/// <summary>
/// One edge of a deadlock's wait-for graph: a sleeping thread, the wait queue it sleeps on, and who
/// holds that resource (a thread, or a note such as "bio 3, not yet submitted", or nobody).
/// </summary>
public sealed record WaitForEdge(
    int ThreadId,
    string ThreadName,
    string Queue,
    string Label,
    int? HolderId,
    string? HolderName,
    string? HolderNote)
{
    /// <summary>The thread sleeps on a resource it holds itself.</summary>
    public bool WaitsOnItself => HolderId == ThreadId;
}
