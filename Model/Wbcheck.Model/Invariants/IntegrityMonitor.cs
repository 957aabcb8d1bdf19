using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No lost dirty data on WB_SYNC_ALL: a data-integrity sync of a range that returns success
/// leaves every page of the range on stable storage at least at the version of the last write
/// that had returned when the sync started (the data dirty then), unless the page was truncated
/// meanwhile. Data an I/O error lost before the sync started is not owed: that loss is
/// reported through the error channels (checked by the error-reporting scenario).
/// </summary>
public sealed class IntegrityMonitor(Kernel kernel) : IKernelObserver
{
    public const string Name = "no lost dirty data on WB_SYNC_ALL";

    private readonly Dictionary<ModelThread, List<(Page Page, int Generation, long Version)>> syncs = [];

    public void IntegritySyncStarted(AddressSpace mapping, long first, long last)
    {
        var owed = new List<(Page, int, long)>();
        var tree = mapping.Pages;
        for (var index = tree.FindNext(first, last, XaMark.None); index >= 0; index = index < last ? tree.FindNext(index + 1, last, XaMark.None) : -1)
        {
            var page = tree.Load(index)!;
            var device = kernel.Device;
            if (page.CommittedVersion > Math.Max(device.StableVersion(mapping.Host, index), device.LostVersion(mapping.Host, index)))
            {
                owed.Add((page, page.Generation, page.CommittedVersion));
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

        foreach (var (page, generation, version) in owed)
        {
            // Truncated meanwhile (gone, freed and perhaps given to a new page since, or past the
            // new EOF while truncate is still at work): its data is no longer part of the file,
            // so nothing is owed for it.
            if (page.Generation != generation || page.Mapping != mapping || page.Index >= mapping.Host.SizePages)
            {
                continue;
            }

            var stable = kernel.Device.StableVersion(mapping.Host, page.Index);
            if (stable < version)
            {
                throw new InvariantViolationException(Name,
                    $"sync of pages {first}..{Last(last)} of {mapping} returned 0, but {page} was at version {version} when it started and the disk holds version {stable}");
            }
        }
    }

    private static string Last(long last) => last >= long.MaxValue >> WritebackControl.PageShift ? "end" : last.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
