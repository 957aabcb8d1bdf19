using Wbcheck.Properties.Writeback.Commands;

namespace Wbcheck.Properties.Writeback.Differential;

/// <summary>
/// A case for the differential: the commands that reach a state (run the same way on both
/// sides), then one writeback pass from that state, run alone, by each of the two loops.
/// </summary>
public sealed record DifferentialCase(WritebackCase Prefix, WritebackCommand Final)
{
    public override string ToString() => $"{Prefix}\n  then, alone, by each loop: {Final}";
}
