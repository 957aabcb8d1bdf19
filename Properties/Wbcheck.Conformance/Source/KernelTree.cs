namespace Wbcheck.Conformance.Source;

/// <summary>
/// Where the kernel sources come from: a folder given by the user, else the one
/// <c>WBCHECK_KERNEL_TREE</c> names, else the seeds beside the repository: the nearest
/// shared/reference found walking up from the working directory, then from the program's own
/// folder (../shared/reference from a clone; further up from a worktree).
/// </summary>
public static class KernelTree
{
    public const string Variable = "WBCHECK_KERNEL_TREE";

    /// <summary>The tree to read, or null when there is none; a folder given explicitly must exist.</summary>
    public static string? Locate(string? explicitFolder = null)
    {
        if (explicitFolder is not null)
        {
            return Directory.Exists(explicitFolder)
                ? Path.GetFullPath(explicitFolder)
                : throw new ConformanceException($"{explicitFolder}: no such directory");
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            return Directory.Exists(named)
                ? Path.GetFullPath(named)
                : throw new ConformanceException($"{Variable}={named}: no such directory");
        }

        return Seeds();
    }

    /// <summary>
    /// Every tree at hand, in the order a test looks for a function: the one
    /// <c>WBCHECK_KERNEL_TREE</c> names (which must exist), then the seeds. Empty when there is neither.
    /// </summary>
    public static IReadOnlyList<string> Candidates()
    {
        var trees = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            trees.Add(Directory.Exists(named) ? Path.GetFullPath(named) : throw new ConformanceException($"{Variable}={named}: no such directory"));
        }

        if (Seeds() is { } seeds && !trees.Contains(seeds))
        {
            trees.Add(seeds);
        }

        return trees;
    }

    /// <summary>Why a test that reads kernel text cannot run here, or null when a tree is at hand (or named, even wrongly: then the test fails saying so).</summary>
    public static string? SkipReason() =>
        SkipReason(Environment.GetEnvironmentVariable(Variable), [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);

    /// <summary>
    /// <see cref="SkipReason()"/> for a given value of the variable and folders to search up from;
    /// <paramref name="directoryExists"/> (the disk when null) lets a test keep out folders of the
    /// host above its own, such as a shared/reference under the temporary folder's parent.
    /// </summary>
    public static string? SkipReason(string? variable, IReadOnlyList<string> starts, Func<string, bool>? directoryExists = null) =>
        variable is { Length: > 0 } || Seeds(starts, directoryExists ?? Directory.Exists) is not null
            ? null
            : $"no kernel tree: set {Variable} to a kernel tree or a folder of files such as page-writeback.c.2.6.20, or put shared/reference beside the repository";

    /// <summary>The nearest shared/reference walking up from the working directory, then from the program's folder.</summary>
    private static string? Seeds() => Seeds([Directory.GetCurrentDirectory(), AppContext.BaseDirectory], Directory.Exists);

    private static string? Seeds(IReadOnlyList<string> starts, Func<string, bool> directoryExists)
    {
        foreach (var start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var seeds = Path.Combine(folder.FullName, "shared", "reference");
                if (directoryExists(seeds))
                {
                    return seeds;
                }
            }
        }

        return null;
    }

    /// <summary>What to tell a user who has none.</summary>
    public static string Missing =>
        $"no kernel tree: give --kernel DIR, or set {Variable} to a kernel tree or a folder of files such as page-writeback.c.2.6.20";
}
