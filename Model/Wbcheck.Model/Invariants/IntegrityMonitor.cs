using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No lost dirty data on WB_SYNC_ALL: a data-integrity sync of a range that returns success
/// leaves every page of the range that was dirty or under writeback when it started on stable
/// storage at the version it had then, or newer, unless the page was truncated meanwhile.
/// </summary>
public sealed class IntegrityMonitor(Kernel kernel) : IKernelObserver
{
    public const string Name = "no lost dirty data on WB_SYNC_ALL";

    private readonly Dictionary<ModelThread, List<(Page Page, long Version)>> syncs = [];

    public void IntegritySyncStarted(AddressSpace mapping, long first, long last)
    {
        var owed = new List<(Page, long)>();
        var tree = mapping.Pages;
        for (var index = tree.FindNext(first, last, XaMark.None); index >= 0; index = index < last ? tree.FindNext(index + 1, last, XaMark.None) : -1)
        {
            var page = tree.Load(index)!;
            if (page.Dirty || page.Writeback)
            {
                owed.Add((page, page.Version));
            }
        }

        syncs[kernel.Runtime.Current] = owed;
    }

    public void IntegritySyncEnded(AddressSpace mapping, long first, long last, int result)
    {
        if (!syncs.Remove(kernel.Runtime.Current, out var owed) || result != 0)
        {
            return;
        }

        foreach (var (page, version) in owed)
        {
            if (page.Mapping != mapping)
            {
                continue; // truncated meanwhile: nothing is owed for it
            }

            var stable = kernel.Device.StableVersion(mapping.Host, page.Index);
            if (stable < version)
            {
                throw new InvariantViolationException(Name,
                    $"sync of pages {first}..{(last == long.MaxValue ? "end" : last)} of {mapping} returned 0, but {page} was at version {version} when it started and the disk holds version {stable}");
            }
        }
    }
}
