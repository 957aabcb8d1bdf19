using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Cli.Matrix;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// The valid inputs the fuzzer mutates, and the generators of mutated command lines: traces for
/// replay and minimize, layouts for bios, argument vectors for every cheap command,
/// counterexample seeds for property --replay, and matrix shards for merge.
/// </summary>
internal static class FuzzCorpus
{
    public const string TraceFile = "input.trace.json";
    public const string LayoutFile = "input.layout";
    public const string ShardFile = "matrix-shard-1-of-1.json";

    /// <summary>Bug traces as the engine finds them: a deadlock with its wait-for graph, choices of I/O errors, a safety violation.</summary>
    private static readonly Lazy<string[]> Traces = new(() =>
    [
        CellCheck.Run(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29).Bug!.ToJson(),
        CellCheck.Run(IoErrorThenFsync.ScenarioName, KernelEra.V4_13).Bug!.ToJson(),
        CellCheck.Run(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V2_6_29).Bug!.ToJson(),
    ]);

    private static readonly string[] Layouts =
    [
        "block-size 1024\ni-size 24576\nextent 0-9 at 500\nextent 12-21 at 512\nextent 22-23 at 522 new\ndirty 0-5\n" +
        "buffers 1 MDU MDU MDU MDU\nbuffers 2 MDU MDU - -\nbuffers 3 - MDU MDU MDU\nbuffers 4 MU MU MU MU\nbuffers 5 MDU MDU DU DU\n",
        "# ext2-like, with an indirect block\nblock-size 1024\ni-size 65536\nextent 0-11 at 100 boundary\nindirect 112 maps 12-15 dirty\n" +
        "extent 12-63 at 113\ndirty 0-15\ncached 16-17\nsync all\nbio-max-pages 4\n",
        "i-size 16384\nextent 0-3 at 8\nread 0-3\nbio-alloc-limit 2\n",
    ];

    private static readonly string[] LayoutWords =
    [
        "block-size", "i-size", "extent", "indirect", "dirty", "cached", "read", "buffers", "sync", "bio-max-pages", "bio-alloc-limit",
        "at", "maps", "boundary", "new", "all", "none", "MDU", "M", "D", "U", "-", "0-16383", "0-131071", "16383",
    ];

    private static string[] TraceWords =>
    [
        .. ScenarioCatalog.Names, .. KernelEras.All.Select(e => e.Version), "start", "yield", "choice", "acquire", "deadlock",
        "livelock", "safety-monitor", "pages", "batch", "era", "faults", "small", "yes", "no", "none", "setup", "T1",
    ];

    private static readonly string[] Commands = ["test", "replay", "minimize", "property", "list", "bios", "review", "source-map", "bench", "merge"];

    public static Gen<FuzzInput> Trace(string command) =>
        from seed in Gen.Elements(Traces.Value)
        from text in Mutations.Repeated(seed, TraceWords)
        from refit in Gen.Frequency((1, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new FuzzInput(
            command == "minimize" ? ["minimize", TraceFile, "-o", "min.json", "--timeout", "0.02"] : ["replay", TraceFile, "--html", "view.html", "--timeout", "1"],
            TraceFile,
            refit ? Refit(text) : text);

    public static Gen<FuzzInput> Layout() =>
        from seed in Gen.Elements(Layouts)
        from text in Mutations.Repeated(seed, LayoutWords)
        from read in Gen.Elements(false, false, true)
        select new FuzzInput(read ? ["bios", LayoutFile, "--read"] : ["bios", LayoutFile], LayoutFile, text);

    /// <summary>A matrix shard, the only one of its run, mutated, for <c>wbcheck merge</c> of the folder holding it.</summary>
    public static Gen<FuzzInput> Shard() =>
        from text in Mutations.Repeated(Shards.Value, ShardWords)
        from json in Gen.Elements(false, true)
        select new FuzzInput(json ? ["merge", ".", "--out", "merged", "--json"] : ["merge", ".", "--out", "merged"], ShardFile, text);

    /// <summary>A shard of two cells (the one that holds, and one not as expected), written as <c>matrix --shard 1/1</c> writes it.</summary>
    private static readonly Lazy<string> Shards = new(() =>
    {
        MatrixCell Cell(KernelEra era, string? problem) => new()
        {
            Column = ReclaimWriteout.PinnedName,
            Era = era,
            Expected = "holds",
            Found = problem is null ? "holds" : "deadlock",
            Short = problem is null ? "holds" : "deadlock",
            FixedBy = "a fix",
            Problem = problem,
        };
        var column = MatrixColumns.All.Single(c => c.Name == ReclaimWriteout.PinnedName);
        var run = new MatrixRun([KernelEra.V2_6_29, KernelEra.V6_9], [column], [Cell(KernelEra.V2_6_29, "expected it to hold"), Cell(KernelEra.V6_9, null)], TimeSpan.FromSeconds(1.5), 2);
        return MatrixShardFile.From(run, new Concurrency.Shard(1, 1), seed: 9, [0, 1]).ToJson();
    });

    private static string[] ShardWords =>
    [
        MatrixShardFile.Format, ModelVersion.Current, "1/1", "2/1", "0/0", "1/2", "6.9", "2.6.29", "9.9", "trace", "counterexample", "index",
        "cells", "checks", "eras", "seed", "seconds", "workers", "null", "-1", "1e308", "2147483647", "\"../x\"", "\"\"", "[]", "{}",
        ReclaimWriteout.PinnedName, "ascending lock order", "traceName", "kind",
    ];

    /// <summary>property NAME --replay SEED,GAMMA,SIZE, the seed mutated from one FsCheck prints.</summary>
    public static Gen<FuzzInput> Counterexample() =>
        from property in Gen.Elements(EraPropertyCatalog.All.Select(p => p.Name).ToArray())
        from seed in Gen.Elements("(5397848457239238439,5783374713410493089,23)", "(1,3)", "12345,7,0")
        from text in Mutations.Of(seed, ["(", ")", ",", "-", " "])
        from era in Gen.Elements("6.9", "2.6.20", "2.5.31", "4.13")
        select new FuzzInput(["property", property, "--replay", text, "--era", era, "--cases", "1"]);

    /// <summary>Argument vectors for every command that runs in a moment, options and values drawn from valid ones, edges and garbage.</summary>
    public static Gen<FuzzInput> Arguments() =>
        from command in Gen.Elements(Commands)
        from count in Gen.Choose(0, 6)
        from chosen in Gen.ArrayOf(Word(command), count)
        select Bounded(command, chosen);

    private static FuzzInput Bounded(string command, string[] words) => command switch
    {
        // Exploring commands get a time budget after whatever was generated (a second --timeout is an error, exit 2).
        "test" => new FuzzInput(["test", .. words, "--timeout", "0.05"]),
        "replay" or "minimize" => new FuzzInput([command, TraceFile, .. words, "--timeout", "0.05", .. command == "minimize" ? new[] { "-o", "min.json" } : []], TraceFile, Traces.Value[0]),
        "bios" => new FuzzInput(["bios", LayoutFile, .. words], LayoutFile, Layouts[0]),

        // property runs its cases with no time budget: the vector keeps to a few cases.
        "property" => new FuzzInput(["property", .. words.Where(w => w != "--cases"), "--cases", "2"]),
        "bench" => new FuzzInput(["bench", "--only", words.FirstOrDefault(w => !Wbcheck.Cli.Bench.BenchRunner.Figures.Any(f => f.Contains(w, StringComparison.OrdinalIgnoreCase))) ?? "zzz"]),
        _ => new FuzzInput([command, .. words]),
    };

    private static Gen<string> Word(string command) =>
        Gen.Frequency(
            (3, Gen.Elements(OptionsOf(command))),
            (3, Gen.Elements(Values)),
            (1, Gen.Elements(ScenarioCatalog.Names.ToArray())),
            (1, Gen.Elements(EraPropertyCatalog.All.Select(p => p.Name).ToArray())),
            (1, Gen.Elements("-", "--", "-x", "--bogus", "\u0000", "é", "a b", "'", "\"", "--help", "-h", new string('z', 5000))));

    private static readonly string[] Values =
    [
        "0", "1", "2", "4", "-1", "16384", "16385", "65536", "2147483647", "2147483648", "-2147483648", "1,000", "1e3", "0x10",
        "6.9", "2.6.20", "2.5.31", "current", "9.9", "random", "pct", "dfs", "bfs", "1/2", "3/2", "0/0", "1/0", "90s", "5m", "0.5",
        "00:00:01", "soon", "functions", "eras", "invariants", "scenarios", "strategies", "properties", "/", "/dev/null", "/nonexistent", ".",
        "(1,3,2)", "1,2", "1,3,-5",
    ];

    private static string[] OptionsOf(string command) => command switch
    {
        "test" => ["--era", "--strategy", "--iterations", "--max-steps", "--seed", "--parallel", "--shard", "--small", "--pages", "--preemption-bound", "--out"],
        "replay" => ["--html"],
        "minimize" => ["-o", "--output"],
        "property" => ["--era", "--seed", "--replay"],
        "review" => ["--list", "--accept-all", "--reject-all", "--accept", "--reject", "--root"],
        "source-map" => ["--kernel", "--baseline", "--json", "--record", "--strict"],
        "bios" => ["--read"],
        "merge" => ["--out", "--json"],
        _ => ["--json", "--quick", "--only"],
    };

    /// <summary>Give a mutated header the fingerprint it would have, as a careful editor would, so the checks after it are reached.</summary>
    private static string Refit(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject json || json["program"] is not JsonValue program || json["parameters"] is not JsonObject parameters ||
                json["model"] is not JsonValue model || !program.TryGetValue<string>(out var name) || !model.TryGetValue<string>(out var version))
            {
                return text;
            }

            var values = new Dictionary<string, string>();
            foreach (var (key, value) in parameters)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var s))
                {
                    return text;
                }

                values[key] = s;
            }

            var probe = new BugTrace
            {
                Program = name,
                Parameters = values,
                ModelVersion = version,
                Strategy = "pct",
                Seed = 0,
                Iteration = 0,
                MaxSteps = 1,
                FairFrom = 0,
                LivenessBound = 1,
                Bug = new BugReport { Kind = BugKind.Deadlock, Message = "m", Step = 0 },
                Steps = [],
            };
            json["fingerprint"] = probe.Fingerprint;
            return json.ToJsonString();
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return text;
        }
    }
}
