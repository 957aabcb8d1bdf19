using Wbcheck.Model.Block;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Stable pages: on a device that needs them (it checksums data in flight), the data of a page
/// does not change while a write of it is in flight, or the device sees data that does not
/// match its checksum. Every write bio is watched from its submission (the data it carries is
/// the page's version then) to its completion. Nothing to check on other devices.
/// </summary>
public sealed class StablePages(Kernel kernel) : IKernelObserver
{
    public const string Name = "stable pages";

    private readonly List<Bio> inFlight = [];

    public void BioSubmitted(Bio bio)
    {
        if (bio.Op == BioOp.Write && kernel.BackingDev.StableWrites)
        {
            // Monitor state every thread's submissions share.
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Observers));
            inFlight.Add(bio);
        }
    }

    public void BioCompleted(Bio bio)
    {
        // Dropped in the step that completes it, not at the next check: a list that still held
        // a completed bio until some later step would make the monitor's state (and so the
        // state fingerprint) depend on whether another step ran after the completion. The
        // step's write of bio.Completed stands for the removal in its footprint: removing this
        // bio commutes with adding or removing any other.
        inFlight.Remove(bio);
    }

    /// <summary>The first violation found, or null.</summary>
    public string? Check()
    {
        for (var i = 0; i < inFlight.Count; i++)
        {
            var bio = inFlight[i];
            for (var v = 0; v < bio.Vecs.Count; v++)
            {
                var vec = bio.Vecs[v];
                if (vec.Page.Version != vec.Version)
                {
                    return $"{vec.Page} changed from v{vec.Version} to v{vec.Page.Version} while bio {bio.Id} writing it is in flight on a device that needs stable pages";
                }
            }
        }

        return null;
    }
}
