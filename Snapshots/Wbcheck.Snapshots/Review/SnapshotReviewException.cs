namespace Wbcheck.Snapshots.Review;

/// <summary>A review step that cannot be done: accepting on a build server, or a file that is not pending.</summary>
public sealed class SnapshotReviewException(string message) : Exception(message);
