using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// A command that starts an operation on file <paramref name="File"/> (taken modulo the files
/// of the case) as a new model thread, and runs it at once: until it sleeps or ends when
/// <paramref name="Steps"/> is null, else for that many scheduling points (0: not at all), so
/// that later commands run while it is paused. A paused operation goes on with
/// <see cref="StepCommand"/>, or when the case drains at its end.
/// </summary>
public abstract record OperationCommand(int File, int? Steps) : Command
{
    /// <summary>What the operation does, e.g. "write f0:3".</summary>
    public abstract string Describe();

    public sealed override string ToString() =>
        Steps is { } steps ? string.Create(CultureInfo.InvariantCulture, $"{Describe()} (pause after {steps})") : Describe();
}
