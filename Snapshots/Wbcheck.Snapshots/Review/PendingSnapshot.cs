namespace Wbcheck.Snapshots.Review;

/// <summary>A received file waiting for review, and the verified file it would replace.</summary>
public sealed record PendingSnapshot(SnapshotFiles Files)
{
    public string Name => Files.Name;

    public string ReceivedPath => Files.ReceivedPath;

    public string VerifiedPath => Files.VerifiedPath;

    /// <summary>True when there is no verified file yet: accepting creates it.</summary>
    public bool IsNew => !File.Exists(VerifiedPath);

    /// <summary>The pending snapshot a received file belongs to.</summary>
    public static PendingSnapshot FromReceived(string receivedPath) => new(SnapshotFiles.FromReceived(receivedPath));

    /// <summary>The unified diff from the verified text (empty when new) to the received text.</summary>
    public string Diff(int context = 3)
    {
        var received = TextNormalizer.Normalize(File.ReadAllText(ReceivedPath));
        return IsNew
            ? UnifiedDiff.Create("", received, "/dev/null", Path.GetFileName(ReceivedPath), context)
            : UnifiedDiff.Create(
                TextNormalizer.Normalize(File.ReadAllText(VerifiedPath)),
                received,
                Path.GetFileName(VerifiedPath),
                Path.GetFileName(ReceivedPath),
                context);
    }
}
