using FsCheck.Fluent;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the command line's in-process entry point: 10,500 structured
/// mutations of traces, layouts, counterexample seeds, matrix shards and argument vectors a run, each required to
/// exit 0, 1 or 2 with one line on error, within the memory bound and without hanging
/// (<see cref="FuzzCheck"/>). The seed is fixed unless <see cref="FuzzSeed"/> says otherwise; a
/// failure names the input and its regression file (and FsCheck's seed, to run it again).
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("replay", 4_000)]
    [InlineData("minimize", 200)]
    [InlineData("bios", 3_000)]
    [InlineData("property", 800)]
    [InlineData("merge", 500)]
    [InlineData("arguments", 2_000)]
    public void Mutated_inputs_exit_0_1_or_2_with_one_line_on_error(string kind, int inputs)
    {
        var check = new FuzzCheck(cli);
        var generator = kind switch
        {
            "replay" or "minimize" => FuzzCorpus.Trace(kind),
            "bios" => FuzzCorpus.Layout(),
            "property" => FuzzCorpus.Counterexample(),
            "merge" => FuzzCorpus.Shard(),
            _ => FuzzCorpus.Arguments(),
        };
        var property = Prop.ForAll(Arb.From(generator), (FuzzInput input) => check.Problem(input) is not { } problem ? true : throw new Xunit.Sdk.XunitException(problem));

        PropertyCheck.Run($"fuzz {kind}", property, PropertyOptions.Default with { MaxTest = inputs, Replay = FuzzSeed.Replay });

        Assert.Equal(inputs, check.Runs);
    }
}
