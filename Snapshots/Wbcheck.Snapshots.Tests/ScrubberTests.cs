namespace Wbcheck.Snapshots.Tests;

public sealed class ScrubberTests
{
    private static readonly SnapshotEnvironment Environment = new(CiVariable: null, AcceptNew: false, TempPath: "/tmp/");

    [Fact]
    public void Repository_root_and_temporary_directory_become_tokens()
    {
        var text = Scrub("/home/dev/wbcheck/Model/Mpage.cs and /tmp/run-7/trace.json", repoRoot: "/home/dev/wbcheck");

        Assert.Equal("{RepoRoot}/Model/Mpage.cs and {TempPath}/run-7/trace.json", text);
    }

    [Fact]
    public void A_path_matches_only_as_a_whole_directory_name()
    {
        Assert.Equal("/tmpfs/x and /home/dev/wbcheck2", Scrub("/tmpfs/x and /home/dev/wbcheck2", repoRoot: "/home/dev/wbcheck"));
    }

    [Fact]
    public void The_longer_path_wins_when_one_holds_the_other()
    {
        Assert.Equal("{RepoRoot}/a and {TempPath}/b", Scrub("/tmp/repo/a and /tmp/b", repoRoot: "/tmp/repo"));
    }

    [Fact]
    public void Guids_are_numbered_in_order_of_first_appearance()
    {
        var first = "0f8fad5b-d9cb-469f-a165-70867728950e";
        var second = "7C9E6679-7425-40DE-944B-E07FC1F90AE7";

        var text = Scrub($"{second} {first} {second.ToLowerInvariant()} {{{first}}}");

        Assert.Equal("Guid_1 Guid_2 Guid_1 {Guid_2}", text);
    }

    [Theory]
    [InlineData("took 12.3 ms", "took {Duration}")]
    [InlineData("took 12ms", "took {Duration}")]
    [InlineData("45 ns, 3 µs, 1.5 s, 2 seconds, 1 min", "{Duration}, {Duration}, {Duration}, {Duration}, {Duration}")]
    [InlineData("elapsed 00:00:01.23", "elapsed {Duration}")]
    [InlineData("elapsed 1.02:03:04.5", "elapsed {Duration}")]
    [InlineData("bio of 8 sectors at sector 16", "bio of 8 sectors at sector 16")]
    [InlineData("page 3 is dirty", "page 3 is dirty")]
    public void Durations_become_a_token_and_other_numbers_stay(string input, string expected)
    {
        Assert.Equal(expected, Scrub(input));
    }

    [Fact]
    public void Seeds_are_scrubbed_only_when_the_caller_says_they_are_irrelevant()
    {
        const string text = "seed 42, Seed: 0x2a, --seed=-7, seeds 3";

        Assert.Equal(text, Scrub(text));
        Assert.Equal("seed {Seed}, Seed: {Seed}, --seed={Seed}, seeds 3", Scrub(text, SnapshotSettings.Default with { ScrubSeeds = true }));
    }

    [Fact]
    public void User_scrubbers_run_first_on_the_raw_text()
    {
        var settings = SnapshotSettings.Default
            .WithScrubber(@"pid (\d+)", "pid {Pid}")
            .WithScrubber(@"took 5 ms", "took a while");

        Assert.Equal("pid {Pid} took a while, then {Duration}", Scrub("pid 4242 took 5 ms, then 7 ms", settings));
    }

    [Fact]
    public void Literal_scrubbers_escape_both_sides()
    {
        var settings = SnapshotSettings.Default with { Scrubbers = [Scrubber.Literal("a.b(c)", "$1 stays")] };

        Assert.Equal("x $1 stays aXb(c)", Scrub("x a.b(c) aXb(c)", settings));
    }

    [Fact]
    public void Built_in_scrubbers_can_be_turned_off()
    {
        var settings = SnapshotSettings.Default with { ScrubPaths = false, ScrubGuids = false, ScrubDurations = false };
        const string text = "/tmp/x 0f8fad5b-d9cb-469f-a165-70867728950e 3 ms";

        Assert.Equal(text, Scrub(text, settings));
    }

    private static string Scrub(string text, SnapshotSettings? settings = null, string? repoRoot = null) =>
        BuiltInScrubbers.Apply(text, settings ?? SnapshotSettings.Default, Environment, repoRoot);
}
