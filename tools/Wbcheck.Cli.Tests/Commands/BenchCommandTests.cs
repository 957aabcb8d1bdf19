using System.Text.Json;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary><c>wbcheck bench</c>: the quick run of one group prints its figures as JSON, on standard output.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void The_quick_properties_group_measures_the_integrity_property_on_the_current_era()
    {
        var result = cli.Run("bench", "--quick", "--only", "properties", "--json");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        using var json = JsonDocument.Parse(result.Output);
        var property = Assert.Single(json.RootElement.GetProperty("properties").EnumerateArray());
        Assert.Equal(IntegrityMonitor.Name, property.GetProperty("property").GetString());
        Assert.Equal(KernelEras.Current.Info().Version, property.GetProperty("era").GetString());
        Assert.Equal(100, property.GetProperty("cases").GetInt32());
        Assert.True(property.GetProperty("casesPerSecond").GetDouble() > 0, result.Output);
        Assert.Empty(json.RootElement.GetProperty("classic").EnumerateArray());
        Assert.Contains($"bench: property {IntegrityMonitor.Name}", result.Error);
    }

    [Fact]
    public void The_properties_table_names_the_property_and_its_rate()
    {
        var result = cli.Run("bench", "--quick", "--only", "properties");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        Assert.Contains("FsCheck properties", result.Output);
        Assert.Matches($@"{IntegrityMonitor.Name}\s+{KernelEras.Current.Info().Version}\s+100\s+[1-9][0-9,]*\n", result.Output);
    }

    [Fact]
    public void The_quick_classic_group_gives_each_buggy_program_its_odds_and_the_interval_of_its_median()
    {
        var result = cli.Run("bench", "--quick", "--only", "classic", "--json");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        using var json = JsonDocument.Parse(result.Output);
        var classic = json.RootElement.GetProperty("classic").EnumerateArray().ToList();
        var abba = classic.Single(c => c.GetProperty("program").GetString() == "abba-50" && c.GetProperty("strategy").GetString() == "random");
        var odds = abba.GetProperty("schedulesToBug");
        Assert.Equal(20, odds.GetProperty("seeds").GetInt32());
        Assert.Equal(20, odds.GetProperty("found").GetInt32());
        Assert.InRange(odds.GetProperty("medianLow").GetDouble(), 1, odds.GetProperty("median").GetDouble());
        Assert.InRange(odds.GetProperty("medianHigh").GetDouble(), odds.GetProperty("median").GetDouble(), 200);
        Assert.Equal(odds.GetProperty("median").GetDouble(), abba.GetProperty("medianSchedulesToBug").GetDouble());
        Assert.InRange(odds.GetProperty("perSchedule").GetDouble(), odds.GetProperty("perScheduleLow").GetDouble(), odds.GetProperty("perScheduleHigh").GetDouble());
        var correct = classic.Single(c => c.GetProperty("program").GetString() == "locked-counter" && c.GetProperty("strategy").GetString() == "random");
        Assert.Equal(JsonValueKind.Null, correct.GetProperty("schedulesToBug").ValueKind);

        // DFS with its reduction and no bound finds every classic bug (one run each, deterministic).
        foreach (var program in new[] { "abba-5", "abba-50", "lost-update", "reorder-3", "reorder-10", "dining-5", "wrong-lock-3" })
        {
            var dfs = classic.Single(c => c.GetProperty("program").GetString() == program && c.GetProperty("strategy").GetString() == "dfs + dpor, no bound");
            Assert.Equal(1, dfs.GetProperty("schedulesToBug").GetProperty("found").GetInt32());
        }

        var exhausted = classic.Single(c => c.GetProperty("program").GetString() == "dining-5 ordered forks" && c.GetProperty("strategy").GetString()!.StartsWith("dfs + dpor, no bound (exhausted in ", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, exhausted.GetProperty("schedulesToBug").ValueKind);
    }

    [Fact]
    public void The_soak_runs_only_when_named_and_reports_the_working_set_early_and_at_the_end()
    {
        var result = cli.Run("bench", "--quick", "--only", "soak", "--json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var soak = json.RootElement.GetProperty("soak");
        Assert.Equal("fsync-vs-truncate", soak.GetProperty("scenario").GetString());
        Assert.Equal(20_000, soak.GetProperty("schedules").GetInt32());
        Assert.Equal(2_000, soak.GetProperty("earlySchedules").GetInt32());
        Assert.True(soak.GetProperty("earlyWorkingSet").GetInt64() > 0, result.Output);
        Assert.True(soak.GetProperty("endWorkingSet").GetInt64() > 0, result.Output);
        Assert.Equal(0, soak.GetProperty("bugs").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("scenarios").EnumerateArray());
    }

    [Fact]
    public void Another_figure_leaves_the_soak_out()
    {
        var result = cli.Run("bench", "--quick", "--only", "properties", "--json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("soak").ValueKind);
    }
}
