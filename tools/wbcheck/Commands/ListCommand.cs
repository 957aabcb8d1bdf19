using System.CommandLine;
using Wbcheck.Cli.Output;
using Wbcheck.Model;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Cli.Commands;

/// <summary><c>wbcheck list</c>: what the harness models and checks.</summary>
internal static class ListCommand
{
    private static readonly string[] Sections = ["functions", "eras", "invariants"];

    public static Command Create()
    {
        var what = new Argument<string?>("what")
        {
            Description = $"One section only: {string.Join(", ", Sections)}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List the modelled kernel functions with their citations, the kernel eras and the invariants") { what };
        command.SetAction(parse =>
        {
            var section = parse.GetValue(what);
            if (section is not null && !Sections.Contains(section))
            {
                Console.Error.WriteLine($"wbcheck list: unknown section '{section}'; expected one of: {string.Join(", ", Sections)}");
                return ExitCodes.Usage;
            }

            Console.Out.Write(Render(section));
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

        return string.Join("\n", parts);
    }
}
