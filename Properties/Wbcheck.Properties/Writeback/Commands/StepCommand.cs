using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// Advance a paused operation: the <paramref name="Operation"/>-th runnable one, oldest first,
/// taken modulo how many there are (nothing when none is), by <paramref name="Count"/>
/// scheduling points, or until it sleeps or ends when Count is null.
/// </summary>
public sealed record StepCommand(int Operation, int? Count) : Command
{
    public override string ToString() => Count is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"step op {Operation} x{count}")
        : string.Create(CultureInfo.InvariantCulture, $"step op {Operation} to sleep or end");
}
