using System.CommandLine;
using System.Globalization;
using Wbcheck.Cli.Matrix;
using Wbcheck.Cli.Output;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Commands;

/// <summary><c>wbcheck list</c>: what the harness models and checks.</summary>
internal static class ListCommand
{
    private static readonly string[] Sections = ["functions", "eras", "invariants", "scenarios", "strategies", "properties"];

    public static Command Create()
    {
        var what = new Argument<string?>("what")
        {
            Description = $"One section only: {string.Join(", ", Sections)}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List the modelled kernel functions with their citations, the kernel eras, the invariants, the race scenarios, the strategies and the properties") { what };
        command.SetAction(parse =>
        {
            var section = parse.GetValue(what);
            if (section is not null && !Sections.Contains(section))
            {
                parse.InvocationConfiguration.Error.WriteLine($"wbcheck list: unknown section '{section}'; expected one of: {string.Join(", ", Sections)}");
                return ExitCodes.Usage;
            }

            parse.InvocationConfiguration.Output.Write(Render(section));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Render(string? section)
    {
        var parts = new List<string>();
        if (section is null or "functions")
        {
            var table = new TextTable("kernel file", "function", "version", "model member");
            foreach (var citation in ModelCatalog.Model)
            {
                table.Add(citation.File, citation.Function, citation.Version, citation.Member);
            }

            parts.Add($"Modelled kernel functions ({ModelCatalog.Model.Count} citations)\n\n{table}");
        }

        if (section is null or "eras")
        {
            var table = new TextTable("era", "what it does", "ended by");
            foreach (var era in KernelEras.All)
            {
                table.Add(era.Version, era.Summary, era.EndedBy?.ToString() ?? "(current)");
            }

            parts.Add($"Kernel eras\n\n{table}");
        }

        if (section is null or "invariants")
        {
            var table = new TextTable("invariant", "statement");
            foreach (var (name, statement) in InvariantCatalog.All)
            {
                table.Add(name, statement);
            }

            parts.Add($"Invariants\n\n{table}");
        }

        if (section is null or "scenarios")
        {
            var table = new TextTable("scenario", "what it races and checks", "fails on");
            foreach (var column in MatrixColumns.Scenarios)
            {
                table.Add(column.Name, column.Description, FailsOn(column.Name));
            }

            parts.Add($"Race scenarios (wbcheck test SCENARIO; each runs on every era)\n\n{table}");
        }

        if (section is null or "strategies")
        {
            var table = new TextTable("strategy", "how it chooses schedules");
            foreach (var name in StrategyTable.Names)
            {
                table.Add(name, StrategyTable.DescriptionOf(name));
            }

            parts.Add($"Strategies (wbcheck test --strategy NAME)\n\n{table}");
        }

        if (section is null or "properties")
        {
            var table = new TextTable("property", "cases", "2.5.31", "fails on", "statement");
            foreach (var property in EraPropertyCatalog.All)
            {
                var listEra = property.NotApplicableTo(KernelEra.V2_5) is null ? "runs" : "n/a";
                table.Add(property.Name, property.Cases.ToString(CultureInfo.InvariantCulture), listEra, FailsOn(property), property.Statement);
            }

            parts.Add($"Properties on every era with page tags, and on the list era (2.5.31) where its column says runs (wbcheck property NAME; cases a matrix cell checks, from seed {EraProperty.DefaultSeed})\n\n{table}");
        }

        return string.Join("\n", parts);
    }

    /// <summary>The eras the catalog expects a property to fail on, as ranges: "2.6.29 to 4.17", or "none".</summary>
    private static string FailsOn(EraProperty property) => property.Failures.Length == 0
        ? "none"
        : string.Join("; ", property.Failures.Select(failure => Range([.. Enum.GetValues<KernelEra>().Where(failure.Covers)])
            + (failure.Cases is { } cases ? string.Create(CultureInfo.InvariantCulture, $" (up to {cases:N0} cases)") : "")));

    private static string Range(IReadOnlyList<KernelEra> eras) =>
        eras.Count == 1 ? eras[0].Info().Version : $"{eras[0].Info().Version} to {eras[^1].Info().Version}";

    /// <summary>The eras the era table expects a scenario to fail on, as ranges: "2.6.29 to 4.17", or "none".</summary>
    private static string FailsOn(string scenario)
    {
        var rows = Expectations.Bugs.Where(b => b.Scenario == scenario).ToList();
        if (rows.Count == 0)
        {
            return "none";
        }

        return string.Join("; ", rows.Select(row =>
        {
            return $"{Range([.. Enum.GetValues<KernelEra>().Where(e => row.Covers(scenario, e))])} ({row.Describe()})";
        }));
    }
}
