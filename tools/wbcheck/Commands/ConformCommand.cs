using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Wbcheck.Conformance;
using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck conform</c>: compiles kernel functions from a kernel tree against the conformance
/// shim and checks them against the model, case by case (docs/abstractions.md). Exit codes: 0 no
/// divergence; 1 a divergence no recorded abstraction explains; 2 bad input (no tree, a function
/// the tree lacks or that does not compile against the shim, no gcc, an unknown name).
/// </summary>
internal static class ConformCommand
{
    private const string Description =
        "Compile kernel functions from a kernel tree (their own C) against wbcheck's userspace shim and run them and " +
        "the model on the same generated page caches, filesystem behaviour and writeback_control: the event sequences " +
        "must be equal, or differ exactly as a row of docs/abstractions.md says. A divergence is shrunk and printed " +
        "side by side. Exit codes: 0 none; 1 a divergence no recorded abstraction explains; 2 bad input (no tree, a " +
        "function the tree lacks or that does not compile against the shim, no gcc).";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    internal static Command Create()
    {
        var kernel = new Option<string?>("--kernel")
        {
            Description = $"A kernel tree, or a folder of files such as page-writeback.c.2.6.20 (default: {KernelTree.Variable}, else ../shared/reference).",
        };
        var functions = new Option<string[]>("--function")
        {
            Description = $"A function to check (default: all): {string.Join(", ", ConformanceTargets.All.Select(t => t.Name))}.",
            AllowMultipleArgumentsPerToken = false,
        };
        var cases = new Option<int>("--cases") { Description = "Cases per function.", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("conform", Description) { kernel, functions, cases, json };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var count = parseResult.GetValue(cases);
                if (count < 1)
                {
                    throw new ConformanceException($"--cases must be at least 1, not {count}");
                }

                var names = parseResult.GetValue(functions) is { Length: > 0 } given ? given.Select(ConformanceTargets.FindAll).ToList() : null;
                var tree = KernelTree.Locate(parseResult.GetValue(kernel)) ?? throw new ConformanceException(KernelTree.Missing);
                var reader = KernelFunctionReader.Open(tree);

                // A function named is checked in the versions of it the tree holds, else in its first (which names what is missing).
                var named = names?.SelectMany(versions => versions.Where(t => CompiledTarget.AppliesTo(t, reader)).DefaultIfEmpty(versions[0])).Distinct().ToList();

                // Without --function, the functions of the tree's version(s); a function named is checked whatever the tree.
                var targets = named ?? ConformanceTargets.All.Where(t => CompiledTarget.AppliesTo(t, reader)).ToList();
                var absent = named is null ? ConformanceTargets.All.Except(targets).ToList() : [];
                if (targets.Count == 0)
                {
                    throw new ConformanceException(
                        $"{tree}{(reader.Tree.TreeVersion is { } v ? $" ({v})" : "")} holds none of the functions wbcheck compares: " +
                        string.Join("; ", ConformanceTargets.All.Select(t => $"{t.Name} needs {t.File} of {t.Versions}")));
                }

                var compiled = targets.Select(t => CompiledTarget.Build(t, reader)).ToList();
                var reports = compiled.Select(c => ConformanceCheck.Run(c, count)).ToList();
                output.Write(parseResult.GetValue(json) ? Json(tree, reports, absent) : Text(tree, reports, absent));
                return reports.Any(r => r.Divergence is not null) ? ExitCodes.BugFound : ExitCodes.Ok;
            }
            catch (ConformanceException exception)
            {
                error.WriteLine($"wbcheck conform: {exception.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static string Text(string tree, IReadOnlyList<ConformanceReport> reports, IReadOnlyList<ConformanceTarget> absent)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"kernel tree: {tree}\n");
        foreach (var target in absent)
        {
            text.Append(CultureInfo.InvariantCulture, $"{target.Name} ({target.Versions}, {target.File}): not in this tree\n");
        }

        foreach (var report in reports)
        {
            var target = report.Target;
            text.Append(CultureInfo.InvariantCulture,
                $"{target.Name} ({target.Version}, {target.File}{(report.Compiled.Count > 1 ? $"; compiled with {string.Join(", ", report.Compiled.Skip(1))}" : "")}): " +
                $"{report.Cases} cases, {report.EventsCompared} events compared, {(report.Divergence is null ? 0 : 1)} divergence{(report.Divergence is null ? "s" : "")}\n");
            if (report.StandIns.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  the shim's stand-ins: {string.Join(", ", report.StandIns)}\n");
            }
            foreach (var (id, n) in report.Tolerated.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var row = AbstractionTable.Get(id);
                text.Append(CultureInfo.InvariantCulture, $"  {n} cases differ as recorded abstraction {id} allows: {row.Difference}\n");
            }

            if (report.Divergence is { } divergence)
            {
                text.Append(divergence.Render(target));
            }
        }

        return text.ToString();
    }

    private static string Json(string tree, IReadOnlyList<ConformanceReport> reports, IReadOnlyList<ConformanceTarget> absent)
    {
        var document = new
        {
            kernelTree = tree,
            notInTree = absent.Select(t => new { function = t.Name, version = t.Versions, file = t.File }),
            functions = reports.Select(r => new
            {
                function = r.Target.Name,
                version = r.Target.Version,
                file = r.Target.File,
                source = r.Source,
                compiled = r.Compiled,
                standIns = r.StandIns,
                cases = r.Cases,
                eventsCompared = r.EventsCompared,
                divergences = r.Divergence is null ? 0 : 1,
                tolerated = r.Tolerated.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new { abstraction = t.Key, cases = t.Value, difference = AbstractionTable.Get(t.Key).Difference }),
                divergence = r.Divergence is not { } d ? null : new
                {
                    @case = d.Case.ToString(),
                    seed = d.Seed,
                    firstDifference = SideBySide.FirstDifference(d.Outcome.Kernel, d.Outcome.Model),
                    kernel = d.Outcome.Kernel,
                    model = d.Outcome.Model,
                },
            }),
        };
        return JsonSerializer.Serialize(document, JsonOptions) + "\n";
    }
}
