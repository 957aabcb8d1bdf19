namespace Wbcheck.Snapshots;

/// <summary>Finds the repository a test source file belongs to.</summary>
internal static class RepositoryRoot
{
    /// <summary>
    /// The nearest directory at or above <paramref name="directory"/> holding <c>.git</c> (a
    /// directory in a clone, a file in a worktree), or null outside a repository.
    /// </summary>
    public static string? Find(string? directory)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var git = Path.Combine(current, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current;
            }
        }

        return null;
    }
}
