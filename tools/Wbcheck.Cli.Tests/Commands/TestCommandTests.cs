using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary><c>wbcheck test</c> through the command line's in-process entry point.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_bug_found_is_exit_1_with_its_trace_written_and_the_commands_to_replay_and_minimize_it()
    {
        var result = cli.Run("test", "write-fault-vs-truncate", "--era", "2.6.20", "--out", "traces");

        Assert.True(result.Exit == ExitCodes.BugFound, result.ToString());
        var lines = result.Output.Split('\n');
        Assert.StartsWith("write-fault-vs-truncate: pct (depth 11), seed 0: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("found 1 bug: safety-monitor (accounting) x1", lines[0]);
        Assert.Contains("the era table expects safety-monitor (accounting) or safety-monitor (truncate and reclaim safety) on 2.6.20, fixed by 2d6d7f982846", result.Output);
        Assert.Contains("trace:    traces/write-fault-vs-truncate-2.6.20.trace.json\n", result.Output);
        Assert.Contains("replay:   wbcheck replay traces/write-fault-vs-truncate-2.6.20.trace.json\n", result.Output);
        Assert.Contains("minimize: wbcheck minimize traces/write-fault-vs-truncate-2.6.20.trace.json -o traces/write-fault-vs-truncate-2.6.20-min.trace.json\n", result.Output);
        var trace = BugTrace.Load(cli.Path("traces/write-fault-vs-truncate-2.6.20.trace.json"));
        Assert.Equal("2.6.20", trace.Parameters["era"]);

        var replay = cli.Run("replay", "traces/write-fault-vs-truncate-2.6.20.trace.json");

        Assert.True(replay.Exit == ExitCodes.Ok, replay.ToString());
    }

    [Fact]
    public void No_bug_is_exit_0_and_writes_nothing()
    {
        var result = cli.Run("test", "write-fault-vs-truncate", "--era", "current", "--iterations", "100", "--seed", "5", "--out", "traces");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("write-fault-vs-truncate: pct (depth 11), seed 5: 100 iterations, ", result.Output, StringComparison.Ordinal);
        Assert.Contains("; no bug found\n", result.Output);
        Assert.Contains("the era table expects write-fault-vs-truncate to hold on 6.10", result.Output);
        Assert.False(Directory.Exists(cli.Path("traces")));
    }

    [Fact]
    public void Dfs_on_the_small_configuration_explores_every_schedule()
    {
        var result = cli.Run("test", "fsync-vs-truncate", "--strategy", "dfs", "--small", "--preemption-bound", "1", "--iterations", "100000");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("fsync-vs-truncate: dfs (preemption bound 1), seed 0: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("; explored every schedule", result.Output);
    }

    [Fact]
    public void Stateful_dfs_explores_every_schedule_and_says_how_many_states_it_stored()
    {
        var result = cli.Run("test", "fsync-vs-truncate", "--strategy", "dfs", "--small", "--preemption-bound", "1", "--iterations", "100000", "--stateful", "--state-budget", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("; explored every schedule", result.Output);
        Assert.Contains(" states stored (hash compaction: 64-bit fingerprints, table of 16384)", result.Output);
    }

    [Fact]
    public void Dfs_without_a_preemption_bound_iterates_it()
    {
        var result = cli.Run("test", "fsync-vs-truncate", "--strategy", "dfs", "--small", "--iterations", "50");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("fsync-vs-truncate: dfs (preemption bound iterated 0-", result.Output, StringComparison.Ordinal);
        Assert.Contains(" not finished (", result.Output);
    }

    [Fact]
    public void Parallel_workers_and_shards_find_the_same_first_bug()
    {
        var one = cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--seed", "3", "--out", "one");
        var two = cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--seed", "3", "--parallel", "2", "--out", "two");
        var shard = cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--seed", "3", "--shard", "1/1", "--timeout", "5m", "--max-steps", "5000", "--out", "shard");

        Assert.Equal((ExitCodes.BugFound, ExitCodes.BugFound, ExitCodes.BugFound), (one.Exit, two.Exit, shard.Exit));
        Assert.Equal(
            File.ReadAllText(cli.Path("one/cyclic-wrap-deadlock-2.6.29.trace.json")),
            File.ReadAllText(cli.Path("two/cyclic-wrap-deadlock-2.6.29.trace.json")));
        Assert.Contains("\"maxSteps\": 5000,", File.ReadAllText(cli.Path("shard/cyclic-wrap-deadlock-2.6.29.trace.json")));
    }

    [Fact]
    public void Dfs_with_dpor_off_is_sleep_sets_alone()
    {
        // Without a bound, DPOR (the default) tries only the threads races ask for; sleep sets
        // alone try every awake thread and stop most of those schedules early.
        string[] args = ["test", "write-fault-vs-truncate", "--strategy", "dfs", "--small", "--preemption-bound", "100", "--iterations", "100000"];
        var dpor = cli.Run(args);
        var off = cli.Run([.. args, "--dpor", "off"]);

        Assert.True(dpor.Exit == ExitCodes.Ok, dpor.ToString());
        Assert.True(off.Exit == ExitCodes.Ok, off.ToString());
        Assert.Contains("; explored every schedule", dpor.Output);
        Assert.Contains("; explored every schedule", off.Output);
        Assert.DoesNotContain("stopped early by sleep sets", dpor.Output);
        Assert.Contains("stopped early by sleep sets", off.Output);
    }

    [Fact]
    public void Dfs_with_dpor_optimal_runs_no_schedule_that_stops_asleep()
    {
        // Without a bound, wakeup trees follow each race's reversal to its end: on this cell no
        // schedule stops asleep (source sets stop 6 of their 66), and every class is run (60).
        string[] args = ["test", "mmap-store-vs-writeback", "--era", "6.9", "--strategy", "dfs", "--small", "--preemption-bound", "100", "--iterations", "100000"];
        var source = cli.Run(args);
        var optimal = cli.Run([.. args, "--dpor", "optimal"]);

        Assert.True(source.Exit == ExitCodes.Ok, source.ToString());
        Assert.True(optimal.Exit == ExitCodes.Ok, optimal.ToString());
        Assert.Contains("66 iterations", source.Output);
        Assert.Contains("6 of them stopped early by sleep sets", source.Output);
        Assert.Contains("60 iterations", optimal.Output);
        Assert.Contains("; explored every schedule (60)", optimal.Output);
        Assert.DoesNotContain("stopped early by sleep sets", optimal.Output);
    }

    [Theory]
    [InlineData("no such scenario", "wbcheck test: unknown scenario 'no-such'; known scenarios: fsync-vs-dirtier, ", "no-such")]
    [InlineData("no such era", "wbcheck test: unknown kernel era '1.0'; known eras: 2.5.31, 2.6.20, ", "fsync-vs-truncate", "--era", "1.0")]
    [InlineData("unknown strategy", "wbcheck test: Argument 'bfs' not recognized. Must be one of:", "fsync-vs-truncate", "--strategy", "bfs")]
    [InlineData("zero iterations", "wbcheck test: --iterations must be a whole number of at least 1, not '0'", "fsync-vs-truncate", "--iterations", "0")]
    [InlineData("bad seed", "wbcheck test: --seed must be a whole number from 0 to 18446744073709551615, not '-1'", "fsync-vs-truncate", "--seed", "-1")]
    [InlineData("bad timeout", "wbcheck test: --timeout must be a positive duration such as 90, 90s, 5m, 1h or 00:01:30, not 'soon'", "fsync-vs-truncate", "--timeout", "soon")]
    [InlineData("bad shard", "wbcheck test: shard 5/4 does not exist: shards are numbered 1 to N, e.g. 2/4", "fsync-vs-truncate", "--shard", "5/4")]
    [InlineData("shard not a shard", "wbcheck test: 'half' is not a shard: write i/N, e.g. 2/4 for the second of four", "fsync-vs-truncate", "--shard", "half")]
    [InlineData("dfs in parallel", "wbcheck test: the dfs strategy explores one tree depth-first and cannot be split across 2 workers", "fsync-vs-truncate", "--strategy", "dfs", "--parallel", "2")]
    [InlineData("dfs sharded", "wbcheck test: the dfs strategy explores one tree depth-first and cannot be split across 1 workers or shard 1/2", "fsync-vs-truncate", "--strategy", "dfs", "--shard", "1/2")]
    [InlineData("bound without dfs", "wbcheck test: --preemption-bound bounds the dfs strategy only, not pct: add --strategy dfs or drop it", "fsync-vs-truncate", "--preemption-bound", "2")]
    [InlineData("stateful without dfs", "wbcheck test: --stateful and --state-budget are modes of the dfs strategy, not of pct: add --strategy dfs or drop them", "fsync-vs-truncate", "--stateful")]
    [InlineData("dpor without dfs", "wbcheck test: --dpor is a mode of the dfs strategy, not of pct: add --strategy dfs or drop it", "fsync-vs-truncate", "--dpor", "off")]
    [InlineData("budget without stateful", "wbcheck test: --state-budget sizes the table of --stateful: add --stateful or drop it", "fsync-vs-truncate", "--strategy", "dfs", "--state-budget", "8")]
    [InlineData("tiny max steps", "wbcheck test: --max-steps must be a whole number from 4 to 2000000, not '2'", "fsync-vs-truncate", "--max-steps", "2")]
    public void Bad_input_is_one_line_on_stderr_and_exit_2(string what, string message, params string[] args)
    {
        var result = cli.Run(["test", .. args]);

        Assert.True(result.Exit == ExitCodes.Usage, $"{what}: {result}");
        Assert.StartsWith(message, result.ErrorLine, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_exit_2_after_the_report()
    {
        File.WriteAllText(cli.Path("file"), "not a folder");

        var result = cli.Run("test", "write-fault-vs-truncate", "--era", "2.6.20", "--out", "file");

        Assert.True(result.Exit == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("wbcheck test: found a bug but cannot write its trace to 'file': ", result.ErrorLine, StringComparison.Ordinal);
    }
}
