namespace Wbcheck.Snapshots.Review;

/// <summary>
/// Finds received snapshot files and accepts (moves over the verified file) or rejects (deletes)
/// them. On a build server accepting is refused: a snapshot accepted there would bless whatever
/// the build produced without anyone having read it.
/// </summary>
public sealed class SnapshotReview(SnapshotEnvironment environment)
{
    /// <summary>Build output and hidden directories (.git, .vs) hold no snapshots worth reviewing.</summary>
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj" };

    public SnapshotEnvironment Environment { get; } = environment;

    /// <summary>Every received file under <paramref name="root"/>, in path order, skipping bin, obj and hidden directories.</summary>
    public static IReadOnlyList<PendingSnapshot> FindPending(string root)
    {
        var start = Path.GetFullPath(root);
        if (!Directory.Exists(start))
        {
            throw new SnapshotReviewException($"the review root {start} does not exist");
        }

        var found = new List<PendingSnapshot>();
        var directories = new Stack<string>([start]);
        while (directories.Count > 0)
        {
            var directory = directories.Pop();
            foreach (var file in Directory.EnumerateFiles(directory, "*" + SnapshotFiles.ReceivedMarker + "*"))
            {
                if (Path.GetFileName(file).LastIndexOf(SnapshotFiles.ReceivedMarker, StringComparison.Ordinal) > 0)
                {
                    found.Add(PendingSnapshot.FromReceived(file));
                }
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!SkippedDirectories.Contains(name) && !name.StartsWith('.'))
                {
                    directories.Push(child);
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.ReceivedPath, b.ReceivedPath));
        return found;
    }

    /// <summary>
    /// The pending snapshot named by <paramref name="file"/>: its received or its verified file,
    /// as a path from the current directory or from <paramref name="root"/>.
    /// </summary>
    public static PendingSnapshot Find(string root, string file)
    {
        foreach (var candidate in new[] { Path.GetFullPath(file), Path.GetFullPath(Path.Combine(root, file)) })
        {
            // A file that is no received snapshot (a path such as /dev/null) names none.
            var received = ReceivedPathOf(candidate);
            if (Path.GetFileName(received).Contains(".received.", StringComparison.Ordinal) && File.Exists(received))
            {
                return PendingSnapshot.FromReceived(received);
            }
        }

        throw new SnapshotReviewException(
            $"{file} is not a pending snapshot: no received file for it (looked from the current directory and from {Path.GetFullPath(root)})");
    }

    /// <summary>Make the received text the verified one.</summary>
    public void Accept(PendingSnapshot pending)
    {
        RefuseOnBuildServer(pending.Name);
        RequireReceived(pending);
        File.Move(pending.ReceivedPath, pending.VerifiedPath, overwrite: true);
    }

    /// <summary>Throw the received text away; the verified file stays as it was.</summary>
    public static void Reject(PendingSnapshot pending)
    {
        RequireReceived(pending);
        File.Delete(pending.ReceivedPath);
    }

    /// <summary>Accept every pending snapshot under <paramref name="root"/>; on a build server, none.</summary>
    public IReadOnlyList<PendingSnapshot> AcceptAll(string root)
    {
        RefuseOnBuildServer("any snapshot");
        var pending = FindPending(root);
        foreach (var snapshot in pending)
        {
            Accept(snapshot);
        }

        return pending;
    }

    /// <summary>Reject every pending snapshot under <paramref name="root"/>.</summary>
    public static IReadOnlyList<PendingSnapshot> RejectAll(string root)
    {
        var pending = FindPending(root);
        foreach (var snapshot in pending)
        {
            Reject(snapshot);
        }

        return pending;
    }

    private static string ReceivedPathOf(string path)
    {
        var fileName = Path.GetFileName(path);
        var marker = fileName.LastIndexOf(SnapshotFiles.VerifiedMarker, StringComparison.Ordinal);
        return marker <= 0
            ? path
            : Path.Combine(Path.GetDirectoryName(path) ?? "", fileName[..marker] + SnapshotFiles.ReceivedMarker + fileName[(marker + SnapshotFiles.VerifiedMarker.Length)..]);
    }

    private static void RequireReceived(PendingSnapshot pending)
    {
        if (!File.Exists(pending.ReceivedPath))
        {
            throw new SnapshotReviewException($"{pending.ReceivedPath} no longer exists: it was accepted, rejected or removed meanwhile");
        }
    }

    private void RefuseOnBuildServer(string what)
    {
        if (Environment.IsCi)
        {
            throw new SnapshotReviewException(
                $"refusing to accept {what}: a build server was detected ({Environment.CiVariable}). " +
                "Snapshots are accepted only on a developer machine: run the tests there, review, and commit the verified files.");
        }
    }
}
