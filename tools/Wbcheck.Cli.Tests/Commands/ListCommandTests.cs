using Wbcheck.Cli.Commands;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary><c>wbcheck list</c> reads its sections from the catalogs: whatever they hold is listed.</summary>
public sealed class ListCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Scenarios_are_listed_with_their_descriptions_and_the_eras_they_fail_on()
    {
        var text = ListCommand.Render("scenarios");

        foreach (var name in ScenarioCatalog.Names)
        {
            var description = ScenarioCatalog.DescriptionOf(name);
            Assert.Contains($"{name.PadRight(ScenarioCatalog.Names.Max(n => n.Length))}  {description}", text);
        }

        Assert.Contains("2.6.29 to 4.17 (deadlock)", text);
        Assert.Contains("reclaim-writeout-pagelock", text);
    }

    [Fact]
    public void Strategies_come_from_the_strategy_table()
    {
        var text = ListCommand.Render("strategies");

        Assert.All(StrategyTable.Names, name => Assert.Contains($"\n{name}  ", text));
        Assert.Contains(StrategyTable.DescriptionOf("pct"), text);
    }

    [Fact]
    public void Every_section_is_in_the_whole_list()
    {
        var result = cli.Run("list");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        foreach (var heading in new[] { "Modelled kernel functions", "Kernel eras", "Invariants", "Race scenarios", "Strategies", "Properties on every era with page tags, and on the list era (2.5.31)" })
        {
            Assert.Contains(heading, result.Output);
        }

        Assert.All(KernelEras.All, era => Assert.Contains(era.Version, result.Output));
    }

    [Fact]
    public void An_unknown_section_is_exit_2()
    {
        var result = cli.Run("list", "threads");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck list: unknown section 'threads'; expected one of: functions, eras, invariants, scenarios, strategies, properties", result.ErrorLine);
    }
}
