using System.Globalization;
using System.Text;

namespace Wbcheck.Snapshots;

/// <summary>The verified and received files of one snapshot.</summary>
/// <param name="Name">The snapshot's name: <c>Class.Method</c> or <c>Class.Method_params</c>.</param>
public sealed record SnapshotFiles(string Name, string VerifiedPath, string ReceivedPath)
{
    public const string VerifiedMarker = ".verified.";
    public const string ReceivedMarker = ".received.";

    /// <summary>Characters kept out of file names so that the files check out on every OS.</summary>
    private static readonly char[] UnsafeFileNameCharacters = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    /// <summary>
    /// Name the files of a snapshot: <c>&lt;Class&gt;.&lt;Method&gt;[_&lt;params&gt;].verified.&lt;ext&gt;</c>
    /// in the settings' directory, by default beside <paramref name="sourceFile"/>.
    /// </summary>
    public static SnapshotFiles Resolve(SnapshotSettings settings, string sourceFile, string methodName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var typeName = settings.TypeName ?? Path.GetFileNameWithoutExtension(sourceFile);
        var method = settings.MethodName ?? methodName;
        if (string.IsNullOrWhiteSpace(typeName) || string.IsNullOrWhiteSpace(method))
        {
            throw new ArgumentException(
                "cannot name the snapshot: the caller's file or member is unknown; set SnapshotSettings.TypeName and MethodName",
                nameof(settings));
        }

        var directory = settings.SnapshotDirectory ?? SourceDirectory(sourceFile);
        var name = typeName + "." + method + Suffix(settings);
        var extension = settings.Extension.TrimStart('.');
        return new SnapshotFiles(
            name,
            Path.Combine(directory, name + VerifiedMarker + extension),
            Path.Combine(directory, name + ReceivedMarker + extension));
    }

    /// <summary>
    /// The files a received file belongs to: <c>X.received.ext</c> pairs with <c>X.verified.ext</c>.
    /// The last marker counts, in case a theory value itself contains ".received.".
    /// </summary>
    public static SnapshotFiles FromReceived(string receivedPath)
    {
        var fileName = Path.GetFileName(receivedPath);
        var marker = fileName.LastIndexOf(ReceivedMarker, StringComparison.Ordinal);
        if (marker <= 0)
        {
            throw new ArgumentException($"{receivedPath} is not a received snapshot file (no '{ReceivedMarker}' in its name)", nameof(receivedPath));
        }

        var name = fileName[..marker];
        var extension = fileName[(marker + ReceivedMarker.Length)..];
        var directory = Path.GetDirectoryName(Path.GetFullPath(receivedPath)) ?? "";
        return new SnapshotFiles(
            name,
            Path.Combine(directory, name + VerifiedMarker + extension),
            Path.Combine(directory, fileName));
    }

    private static string SourceDirectory(string sourceFile)
    {
        var directory = Path.GetDirectoryName(sourceFile);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            // Deterministic CI builds (ContinuousIntegrationBuild, PathMap) rewrite source paths
            // to "/_/...", so the caller's path no longer leads to the snapshot files.
            throw new InvalidOperationException(
                $"the directory of the test source file '{sourceFile}' does not exist, so its snapshots cannot be found. " +
                "The build probably maps source paths (PathMap or ContinuousIntegrationBuild=true): build tests without it, " +
                "or set SnapshotSettings.SnapshotDirectory.");
        }

        return directory;
    }

    private static string Suffix(SnapshotSettings settings)
    {
        if (settings.Parameters.IsDefaultOrEmpty)
        {
            return "";
        }

        var suffix = new StringBuilder();
        foreach (var value in settings.Parameters)
        {
            suffix.Append('_').Append(SafeFileNamePart(Format(value)));
        }

        return suffix.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string SafeFileNamePart(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            safe.Append(char.IsControl(character) || char.IsWhiteSpace(character) || UnsafeFileNameCharacters.Contains(character)
                ? '-'
                : character);
        }

        return safe.ToString();
    }
}
