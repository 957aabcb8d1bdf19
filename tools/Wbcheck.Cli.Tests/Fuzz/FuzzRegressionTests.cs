using System.Text.Json;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// Every input the fuzzer (or a person) found breaking the command line, kept in
/// Fuzz/Regressions/*.case.json, keeps the fuzz property: exit 0, 1 or 2, one line on error.
/// A file's text may say <see cref="CurrentModelVersion"/> where the input needs the model version
/// of the day: an input found against an older model would otherwise stop at the version check
/// and no longer reach the path it broke.
/// </summary>
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly CliRunner cli = new();

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.case.json").Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(path));
        }

        return cases;
    }

    /// <summary>Replaced by <see cref="ModelVersion.Current"/> in a regression file's text.</summary>
    public const string CurrentModelVersion = "{current-model-version}";

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions");

    public void Dispose() => cli.Dispose();

    private static FuzzInput Load(string name)
    {
        var input = JsonSerializer.Deserialize<FuzzInput>(File.ReadAllText(Path.Combine(Folder, name)))!;
        return input with { FileText = input.FileText?.Replace(CurrentModelVersion, ModelVersion.Current, StringComparison.Ordinal) };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_regression_input_exits_0_1_or_2_with_one_line_on_error(string name)
    {
        var input = Load(name);

        Assert.Null(new FuzzCheck(cli).Problem(input));
    }

    [Fact]
    public void The_merge_regression_reaches_past_the_version_check()
    {
        var input = Load("merge-of-a-shard-of-two-billion.case.json");

        File.WriteAllText(cli.Path(input.FileName!), input.FileText);

        var result = cli.Run(input.Args);

        Assert.StartsWith("wbcheck merge: shards 2/2147483647, 3/2147483647,", result.Error);
    }

    [Fact]
    public void There_are_regression_inputs()
    {
        Assert.True(Cases().Count >= 5, $"the regression inputs were not copied to {Folder}");
    }
}
