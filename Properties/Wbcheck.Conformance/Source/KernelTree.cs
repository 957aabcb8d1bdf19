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

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var seeds = Path.Combine(folder.FullName, "shared", "reference");
                if (Directory.Exists(seeds))
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
