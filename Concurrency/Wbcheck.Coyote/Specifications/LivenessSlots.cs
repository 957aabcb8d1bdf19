using Microsoft.Coyote.Specifications;
using CoyoteMonitor = Microsoft.Coyote.Specifications.Monitor;

namespace Wbcheck.Coyote.Specifications;

/// <summary>
/// The liveness specification types, one per liveness monitor of a program, in the order the
/// program registered them (Coyote names a specification by its type: "LivenessSlot1 detected a
/// liveness bug" means the program's second liveness monitor).
/// </summary>
internal static class LivenessSlots
{
    public const int Count = 4;

    public static void Register(int slot)
    {
        switch (slot)
        {
            case 0: Specification.RegisterMonitor<LivenessSlot0>(); break;
            case 1: Specification.RegisterMonitor<LivenessSlot1>(); break;
            case 2: Specification.RegisterMonitor<LivenessSlot2>(); break;
            case 3: Specification.RegisterMonitor<LivenessSlot3>(); break;
            default: throw Full(slot);
        }
    }

    public static void Tell(int slot, CoyoteMonitor.Event e)
    {
        switch (slot)
        {
            case 0: Specification.Monitor<LivenessSlot0>(e); break;
            case 1: Specification.Monitor<LivenessSlot1>(e); break;
            case 2: Specification.Monitor<LivenessSlot2>(e); break;
            case 3: Specification.Monitor<LivenessSlot3>(e); break;
            default: throw Full(slot);
        }
    }

    /// <summary>The slot a Coyote report names ("...LivenessSlot2 detected ..."), or -1.</summary>
    public static int InReport(string report)
    {
        for (var slot = 0; slot < Count; slot++)
        {
            if (report.Contains($"{nameof(LivenessSlot0)[..^1]}{slot} detected", StringComparison.Ordinal))
            {
                return slot;
            }
        }

        return -1;
    }

    private static ArgumentOutOfRangeException Full(int slot) =>
        new(nameof(slot), slot, $"a program may have at most {Count} liveness monitors under Coyote");

    private sealed class LivenessSlot0 : LivenessSpecification;

    private sealed class LivenessSlot1 : LivenessSpecification;

    private sealed class LivenessSlot2 : LivenessSpecification;

    private sealed class LivenessSlot3 : LivenessSpecification;
}
