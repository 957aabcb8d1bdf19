using System.Runtime.CompilerServices;
using System.Text;

namespace Wbcheck.Snapshots;

/// <summary>
/// Snapshot assertions for tests, shaped like Verify: the text is compared with
/// <c>&lt;Class&gt;.&lt;Method&gt;.verified.txt</c> beside the test's source file. On a
/// mismatch, or with no verified file, the text goes to <c>.received.txt</c> and the test fails
/// with a unified diff; <c>wbcheck review</c> then accepts (a move) or rejects (a delete). On a
/// build server nothing is ever accepted or created.
/// </summary>
public static class Snapshot
{
    /// <summary>The command that reviews pending snapshots, run from the repository root.</summary>
    public const string ReviewCommand = "dotnet run --project tools/wbcheck -- review";

    /// <summary>Diff lines shown in a failure message; the whole diff is in the exception and via review.</summary>
    private const int MaxDiffLinesInMessage = 120;

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Check <paramref name="text"/> against the verified file of the calling test. The class
    /// part of the name is the caller's source file name (our one-type-a-file rule makes it the
    /// test class); the method part is the caller's name. In a theory, pass the case values in
    /// <see cref="SnapshotSettings.Parameters"/> so that each case gets its own file.
    /// </summary>
    /// <exception cref="SnapshotMismatchException">The text differs from the verified file, or there is none.</exception>
    public static void Verify(
        string text,
        SnapshotSettings? settings = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string methodName = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        settings ??= SnapshotSettings.Default;
        var environment = settings.Environment ?? SnapshotEnvironment.Current;
        var files = SnapshotFiles.Resolve(settings, sourceFile, methodName);
        var repoRoot = settings.RepoRoot ?? RepositoryRoot.Find(Path.GetDirectoryName(sourceFile));
        var received = TextNormalizer.Normalize(
            BuiltInScrubbers.Apply(TextNormalizer.Normalize(text), settings, environment, repoRoot));

        if (!File.Exists(files.VerifiedPath))
        {
            if (environment.MayCreateMissing)
            {
                Write(files.VerifiedPath, received);
                File.Delete(files.ReceivedPath);
                return;
            }

            Write(files.ReceivedPath, received);
            var diff = UnifiedDiff.Create("", received, "/dev/null", Path.GetFileName(files.ReceivedPath), settings.DiffContext);
            throw new SnapshotMismatchException(files, verifiedMissing: true, diff, MissingMessage(files, diff, environment, repoRoot));
        }

        var verified = TextNormalizer.Normalize(File.ReadAllText(files.VerifiedPath));
        if (string.Equals(verified, received, StringComparison.Ordinal))
        {
            // A received file left by an earlier failure is stale once the test passes.
            File.Delete(files.ReceivedPath);
            return;
        }

        Write(files.ReceivedPath, received);
        var changes = UnifiedDiff.Create(verified, received, Path.GetFileName(files.VerifiedPath), Path.GetFileName(files.ReceivedPath), settings.DiffContext);
        throw new SnapshotMismatchException(files, verifiedMissing: false, changes, ChangedMessage(files, changes, environment, repoRoot));
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8WithoutBom);
    }

    private static string ChangedMessage(SnapshotFiles files, string diff, SnapshotEnvironment environment, string? repoRoot)
    {
        var message = new StringBuilder();
        message.Append("Snapshot ").Append(files.Name).Append(" does not match its verified file.\n");
        AppendPaths(message, files, verifiedMissing: false);
        AppendDiff(message, diff);
        if (environment.IsCi)
        {
            message.Append("Build server detected (").Append(environment.CiVariable).Append("): nothing is accepted here.\n")
                .Append("Run the test locally, review the change with ").Append(ReviewCommand)
                .Append(", and commit ").Append(Relative(files.VerifiedPath, repoRoot)).Append(".\n");
        }
        else
        {
            message.Append("If the change is intended, accept it from the repository root:\n")
                .Append("  ").Append(ReviewCommand).Append(" --accept ").Append(Relative(files.ReceivedPath, repoRoot)).Append('\n')
                .Append("or review every pending snapshot: ").Append(ReviewCommand).Append('\n');
        }

        return message.ToString();
    }

    private static string MissingMessage(SnapshotFiles files, string diff, SnapshotEnvironment environment, string? repoRoot)
    {
        var message = new StringBuilder();
        message.Append("Snapshot ").Append(files.Name).Append(" has no verified file yet.\n");
        AppendPaths(message, files, verifiedMissing: true);
        AppendDiff(message, diff);
        var accept = "  " + ReviewCommand + " --accept " + Relative(files.ReceivedPath, repoRoot) + "\n";
        var verified = Relative(files.VerifiedPath, repoRoot);
        if (environment.IsCi)
        {
            message.Append("Build server detected (").Append(environment.CiVariable).Append("): snapshots are never created or accepted here.\n")
                .Append("To create it, run this test locally and accept it from the repository root:\n")
                .Append(accept)
                .Append("then commit ").Append(verified).Append(".\n");
        }
        else
        {
            message.Append("To create it, check the received text above and accept it from the repository root:\n")
                .Append(accept)
                .Append("or rerun the tests with ").Append(SnapshotEnvironment.AcceptVariable)
                .Append("=1 to create every missing snapshot; then commit ").Append(verified).Append(".\n");
        }

        return message.ToString();
    }

    private static void AppendPaths(StringBuilder message, SnapshotFiles files, bool verifiedMissing)
    {
        message.Append("  verified: ").Append(files.VerifiedPath).Append(verifiedMissing ? " (missing)" : "").Append('\n');
        message.Append("  received: ").Append(files.ReceivedPath).Append('\n');
    }

    private static void AppendDiff(StringBuilder message, string diff)
    {
        var lines = TextNormalizer.Lines(TextNormalizer.Normalize(diff));
        message.Append('\n');
        foreach (var line in lines.Take(MaxDiffLinesInMessage))
        {
            message.Append(line).Append('\n');
        }

        if (lines.Length > MaxDiffLinesInMessage)
        {
            message.Append("... ").Append(lines.Length - MaxDiffLinesInMessage)
                .Append(" more diff lines; see the received file or the review command.\n");
        }

        message.Append('\n');
    }

    /// <summary>A path as typed from the repository root, where the review command runs.</summary>
    private static string Relative(string path, string? repoRoot)
    {
        if (repoRoot is null)
        {
            return path;
        }

        var relative = Path.GetRelativePath(repoRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path
            : relative.Replace('\\', '/');
    }
}
