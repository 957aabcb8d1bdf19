using System.Text.RegularExpressions;

namespace Wbcheck.CSource;

/// <summary>
/// Where cited kernel files are looked up: a kernel source tree, or a folder of loose files.
/// </summary>
/// <remarks>
/// In a tree, a cited file is found at its cited path under the root (mm/page-writeback.c), and
/// the tree's version is read from its top Makefile (VERSION, PATCHLEVEL, SUBLEVEL). Otherwise
/// the root is taken as a folder of loose files named after the file's base name, optionally
/// followed by a dot and the version (page-writeback.c.2.6.20, mpage.c.4.9): the one whose
/// version is the cited one is used; a single file is used whatever its version (the report
/// says so); several files, none of the cited version, count as missing.
/// </remarks>
public sealed class KernelSource
{
    private static readonly Regex MakefileVersionLine = new(@"^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\d+)\s*$");

    private readonly Lazy<string[]> looseFiles;

    private KernelSource(string root)
    {
        Root = root;
        TreeVersion = ReadTreeVersion(root);
        looseFiles = new Lazy<string[]>(() => ListFiles(root));
    }

    public string Root { get; }

    /// <summary>The version of the tree from its Makefile, when the root is a kernel tree.</summary>
    public string? TreeVersion { get; }

    /// <summary>Opens a directory; throws <see cref="KernelSourceException"/> if there is none.</summary>
    public static KernelSource Open(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new KernelSourceException(File.Exists(path)
                ? $"{path} is a file: give the folder that holds it, or the kernel tree's root"
                : $"{path}: no such directory");
        }

        return new KernelSource(Path.GetFullPath(path));
    }

    public SourceFileResolution Resolve(string citedFile, string citedVersion)
    {
        if (Path.IsPathRooted(citedFile) || citedFile.Split('/', '\\').Contains(".."))
        {
            return new SourceFileResolution(null, null, "the cited path must be relative to the kernel tree's root");
        }

        var inTree = Path.Combine(Root, citedFile);
        if (File.Exists(inTree))
        {
            return new SourceFileResolution(inTree, TreeVersion, null);
        }

        return ResolveLoose(Path.GetFileName(citedFile), citedVersion);
    }

    private SourceFileResolution ResolveLoose(string baseName, string citedVersion)
    {
        var candidates = looseFiles.Value
            .Where(name => name == baseName || name.StartsWith(baseName + ".", StringComparison.Ordinal))
            .Select(name => (Name: name, Version: name == baseName ? null : name[(baseName.Length + 1)..]))
            .ToList();

        var exact = candidates.FirstOrDefault(candidate => candidate.Version == citedVersion);
        if (exact.Name is not null)
        {
            return new SourceFileResolution(Path.Combine(Root, exact.Name), exact.Version, null);
        }

        if (candidates.Count == 1)
        {
            var only = candidates[0];
            var note = $"cited {citedVersion}; {(only.Version is null ? $"{only.Name} (version unknown)" : $"only {only.Version}")} here";
            return new SourceFileResolution(Path.Combine(Root, only.Name), only.Version, note);
        }

        return candidates.Count == 0
            ? new SourceFileResolution(null, null, null)
            : new SourceFileResolution(null, null, $"{candidates.Count} versions here, none is {citedVersion}: {string.Join(", ", candidates.Select(c => c.Name))}");
    }

    private static string[] ListFiles(string root)
    {
        try
        {
            return Directory.GetFiles(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KernelSourceException($"cannot list {root}: {exception.Message}", exception);
        }
    }

    private static string? ReadTreeVersion(string root)
    {
        var makefile = Path.Combine(root, "Makefile");
        if (!File.Exists(makefile))
        {
            return null;
        }

        try
        {
            var variables = new Dictionary<string, string>();
            foreach (var line in File.ReadLines(makefile).Take(20))
            {
                if (MakefileVersionLine.Match(line) is { Success: true } match)
                {
                    variables[match.Groups[1].Value] = match.Groups[2].Value;
                }
            }

            if (!variables.TryGetValue("VERSION", out var version) || !variables.TryGetValue("PATCHLEVEL", out var patchLevel))
            {
                return null;
            }

            var sublevel = variables.GetValueOrDefault("SUBLEVEL", "0");
            return sublevel == "0" ? $"{version}.{patchLevel}" : $"{version}.{patchLevel}.{sublevel}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A tree without a readable Makefile is still a tree; its version is just unknown.
            return null;
        }
    }
}
