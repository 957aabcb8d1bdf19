using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Throttle;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// A scenario that needs a setting its era's kernel did not have (docs/eras.md section 17) is not
/// run on that era: the command line says which setting, which era and which release added it,
/// in one line, and exits 2.
/// </summary>
public sealed class EraSettingRefusalCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("2.5.31")]
    [InlineData("2.6.20")]
    [InlineData("2.6.36")]
    public void A_strictlimit_scenario_on_an_era_before_3_12_is_refused_naming_the_setting_the_era_and_the_release(string era)
    {
        var result = cli.Run("test", StrictlimitDirtierVsFsync.ScenarioName, "--era", era, "--iterations", "1");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck test: scenario '{StrictlimitDirtierVsFsync.ScenarioName}' does not apply to {era}: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("strictlimit before 3.12 (5a53748568f7)", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_whose_filesystem_writes_pages_in_part_is_refused_on_the_list_era_naming_the_tags_and_their_release()
    {
        var result = cli.Run("test", RealFsWriteback.ClusterPartialName, "--era", "2.5.31", "--iterations", "1");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck test: scenario '{RealFsWriteback.ClusterPartialName}' does not apply to 2.5.31: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("; PAGECACHE_TAG_DIRTY is from 2.6.6 (-mm patch radix-tree-tagging", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("the 2.5.31 era's kernel has no such page-tree tag: run on 2.6.20 or later, or without SimpleFsOptions.PartialPages", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cgroup_writeback_scenario_before_4_2_is_refused_naming_the_release()
    {
        var result = cli.Run("test", CgwbDirtierVsFlusher.ScenarioName, "--era", "3.19", "--iterations", "1");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck test: scenario '{CgwbDirtierVsFlusher.ScenarioName}' does not apply to 3.19: cgroup writeback", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("4.2", result.ErrorLine, StringComparison.Ordinal);
    }
}
