using System.Diagnostics;
using System.Text.Json;
using Wbcheck.Cli.Tests.Support;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// The property every input must keep: exit 0, 1 or 2 (never 3, an internal error); on exit 2
/// exactly one line on standard error, starting with the command; at most 512 MB allocated; and no
/// hang (a minute, far past any input's time bound: this is a hang check, not a timing). An input
/// that breaks it is written as a regression file and named in the failure.
/// </summary>
internal sealed class FuzzCheck(CliRunner cli)
{
    private const long MaxAllocatedBytes = 512L << 20;

    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    /// <summary>Where failing inputs are written, to be copied into Fuzz/Regressions.</summary>
    public static string FailureFolder { get; } = Path.Combine(Path.GetTempPath(), "wbcheck-fuzz-failures");

    public int Runs { get; private set; }

    /// <summary>Run <paramref name="input"/>; null when it keeps the property, else what went wrong.</summary>
    public string? Problem(FuzzInput input)
    {
        Runs++;
        if (input.FileName is not null)
        {
            File.WriteAllText(cli.Path(input.FileName), input.FileText);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = cli.Run(input.Args);
        var elapsed = clock.Elapsed;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string? problem = result.Exit switch
        {
            not (ExitCodes.Ok or ExitCodes.BugFound or ExitCodes.Usage) => $"exit {result.Exit}",
            ExitCodes.Usage when lines.Length != 1 => $"exit 2 with {lines.Length} lines on standard error",
            ExitCodes.Usage when !lines[0].StartsWith("wbcheck", StringComparison.Ordinal) => "an error line that does not start with the command",
            _ when lines.Length > 1 => $"{lines.Length} lines on standard error",
            _ when bytes > MaxAllocatedBytes => $"{bytes >> 20} MB allocated",
            _ when elapsed > Hang => $"still running after {elapsed.TotalSeconds:F0} s",
            _ => null,
        };
        return problem is null ? null : $"{problem} for {input} (saved as {Save(input)}):\n{result.Error}";
    }

    public static string Save(FuzzInput input)
    {
        Directory.CreateDirectory(FailureFolder);
        var path = Path.Combine(FailureFolder, $"{Guid.NewGuid():N}.case.json");
        File.WriteAllText(path, JsonSerializer.Serialize(input));
        return path;
    }
}
