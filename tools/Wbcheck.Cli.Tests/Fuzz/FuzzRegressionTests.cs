using System.Text.Json;
using Wbcheck.Cli.Tests.Support;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// Every input the fuzzer (or a person) found breaking the command line, kept in
/// Fuzz/Regressions/*.case.json, keeps the fuzz property: exit 0, 1 or 2, one line on error.
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

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions");

    public void Dispose() => cli.Dispose();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_regression_input_exits_0_1_or_2_with_one_line_on_error(string name)
    {
        var input = JsonSerializer.Deserialize<FuzzInput>(File.ReadAllText(Path.Combine(Folder, name)))!;

        Assert.Null(new FuzzCheck(cli).Problem(input));
    }

    [Fact]
    public void There_are_regression_inputs()
    {
        Assert.True(Cases().Count >= 5, $"the regression inputs were not copied to {Folder}");
    }
}
