namespace Wbcheck.Snapshots;

/// <summary>
/// A snapshot did not match its verified file, or has none yet. The message holds the unified
/// diff, both paths and what to do next; the received file is on disk for review.
/// </summary>
public sealed class SnapshotMismatchException(SnapshotFiles files, bool verifiedMissing, string diff, string message)
    : Exception(message)
{
    public SnapshotFiles Files { get; } = files;

    /// <summary>True when there was no verified file at all (a new snapshot).</summary>
    public bool VerifiedMissing { get; } = verifiedMissing;

    /// <summary>The full unified diff from the verified text to the received text.</summary>
    public string Diff { get; } = diff;
}
