using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// Complete a submitted I/O: the <paramref name="Io"/>-th pending completion, oldest first, taken
/// modulo how many there are (nothing when none is); with <paramref name="Error"/> it fails with -EIO.
/// </summary>
public sealed record CompleteCommand(int Io, bool Error) : Command
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"complete io {Io}{(Error ? " with -EIO" : "")}");
}
