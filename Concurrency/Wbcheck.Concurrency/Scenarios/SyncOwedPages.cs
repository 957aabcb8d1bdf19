using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// What sync(2) owes: the pages whose data is not on the disk when it begins, with the version
/// each has then, and the check, when it returns, that the disk holds that version or a newer one
/// (the scenarios that race sync(2): sync-vs-background-b-io, cgwb-sync-vs-switch).
/// </summary>
public static class SyncOwedPages
{
    /// <summary>The invariant the check reports.</summary>
    public const string Invariant = "sync(2) writes what was dirty when it began";

    /// <summary>The pages of <paramref name="inodes"/> whose data is not on the disk yet, with their version.</summary>
    public static List<(Inode Inode, long Index, long Version)> Owed(Kernel kernel, params Inode[] inodes)
    {
        var owed = new List<(Inode, long, long)>();
        foreach (var inode in inodes)
        {
            for (var index = 0L; index < inode.SizePages; index++)
            {
                if (inode.Mapping.Pages.Load(index) is { } page && page.CommittedVersion > kernel.Device.StableVersion(inode, index))
                {
                    owed.Add((inode, index, page.CommittedVersion));
                }
            }
        }

        return owed;
    }

    /// <summary>sync(2) has returned: every page of <paramref name="owed"/> is on the disk at its version or newer.</summary>
    /// <exception cref="InvariantViolationException">One is not.</exception>
    public static void CheckWritten(Kernel kernel, IEnumerable<(Inode Inode, long Index, long Version)> owed)
    {
        foreach (var (inode, index, version) in owed)
        {
            var stable = kernel.Device.StableVersion(inode, index);
            if (stable < version)
            {
                throw new InvariantViolationException(Invariant,
                    $"sync(2) returned, but page {index} of {inode} was at version {version} when it began and the disk holds version {stable}");
            }
        }
    }
}
