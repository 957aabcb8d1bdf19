using System.CommandLine;
using Wbcheck.Cli.SourceMap;
using Wbcheck.Model;
using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck source-map</c>: checks every <c>[Models]</c> citation of the model against a kernel
/// tree. Exit codes: 0 done; 1 with <c>--strict</c> when a body drifted or a function or file is
/// missing; 2 on bad input (no such directory, unreadable file, incompatible options).
/// </summary>
internal static class SourceMapCommand
{
    public const int StrictFailure = 1;
    public const int BadInput = 2;

    private const string Description =
        "Check that every kernel function the model cites exists in a kernel tree and that its body has not changed " +
        "since it was modelled (its fingerprint: a hash of the body's tokens, comments and white space removed). " +
        "Lists the functions of the cited files that the model does not cover. Exit codes: 0 done; 1 with --strict " +
        "when a body drifted or a cited function or file is missing; 2 on bad input.";

    internal static Command Create() => Create(() => ModelCatalog.Read(typeof(ModelVersion).Assembly));

    /// <summary>The command over any set of citations; tests give their own.</summary>
    internal static Command Create(Func<IReadOnlyList<Citation>> readCitations)
    {
        var kernel = new Option<string>("--kernel")
        {
            Description =
                "A kernel source tree's root (a cited file is looked up at its path, e.g. mm/page-writeback.c), or a folder " +
                "of loose files named after the file and its version, e.g. page-writeback.c.2.6.20 or mpage.c.4.9 (matched " +
                "by base name; when there are several versions, the one the citation names).",
            Required = true,
        };
        var baseline = new Option<string?>("--baseline")
        {
            Description =
                "A tree or folder (same forms as --kernel) holding the versions the model was read from, such as the " +
                "reference folder: a drifted body is diffed against its body there.",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var strict = new Option<bool>("--strict")
        {
            Description = "Exit with 1 when a body drifted or a cited function or file is missing.",
        };
        var record = new Option<bool>("--record")
        {
            Description =
                "Print, for each citation found, the [Models(...)] attribute with the body's current fingerprint, to paste " +
                "once the member has been re-checked against the function. Rewrites nothing.",
        };

        var command = new Command("source-map", Description) { kernel, baseline, json, strict, record };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.GetValue(json) && parseResult.GetValue(record))
                {
                    throw new SourceMapException("--json and --record print different things: give one of them");
                }

                var kernelSource = KernelSource.Open(parseResult.GetValue(kernel)!);
                var baselineSource = parseResult.GetValue(baseline) is { } baselinePath ? KernelSource.Open(baselinePath) : null;
                var report = new SourceMapChecker(kernelSource, baselineSource).Check(readCitations());

                output.Write(
                    parseResult.GetValue(record) ? FingerprintRecord.Render(report)
                    : parseResult.GetValue(json) ? SourceMapJson.Render(report)
                    : SourceMapTable.Render(report));
                return parseResult.GetValue(strict) && report.HasDriftOrMissing ? StrictFailure : 0;
            }
            catch (Exception exception) when (exception is SourceMapException or KernelSourceException)
            {
                error.WriteLine($"wbcheck source-map: {exception.Message}");
                return BadInput;
            }
        });
        return command;
    }
}
