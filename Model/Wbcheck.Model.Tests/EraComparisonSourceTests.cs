namespace Wbcheck.Model.Tests;

/// <summary>
/// The matrix proves a later era's holding cell by an earlier era's run when that run consulted
/// no era boundary between the two (<see cref="EraBoundaries"/>). That is sound only while no
/// model, scenario or property code tells eras apart any other way: these tests scan the sources
/// the matrix runs (Model, Concurrency, Properties; not the tests) for raw era comparisons, and
/// show the scan catches each form.
/// </summary>
public sealed class EraComparisonSourceTests
{
    /// <summary>The lines allowed to read an era otherwise, each with its reason.</summary>
    private static readonly (string Path, string Line, string Why)[] Allowed =
    [
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "return era >= boundary;", "the helper itself, after recording the boundary"),
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "return era < boundary;", "the helper itself, after recording the boundary"),
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "return era <= last;", "the helper itself, after recording the boundary"),
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "return era == other;", "the helper itself, after recording both boundaries"),
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "if (earlier >= later)", "the helper itself: an argument check"),
        ("Model/Wbcheck.Model/Eras/EraBoundaries.cs", "private static ulong Bit(KernelEra boundary) => (int)boundary < 64 ? 1UL << (int)boundary : 0;", "the helper itself: a boundary's bit"),
        ("Model/Wbcheck.Model/Eras/EraNames.cs", "return ByEra[(int)era];", "the table was built through the helper, and Of consults every boundary its names change at"),
        ("Model/Wbcheck.Model/Eras/KernelEras.cs", "public static EraInfo Info(this KernelEra era) => All[(int)era];", "the era's row: its Version is printed; any other use of Info() is flagged"),
        ("Properties/Wbcheck.Properties/Matrix/EraPropertyCatalog.cs", "endedEra.Info().EndedBy ?? throw new InvalidOperationException($\"era {endedEra} has no commit that ended it\");", "the expectation's FixedBy text, data the matrix compares with, not a run"),
        ("Properties/Wbcheck.Properties/Throttle/BalanceCase.cs", ".Concat(Sizes.Toward((int)c.Era, (int)OldestEra).Select(v => c with { Era = (KernelEra)v }))", "shrinks a generated case's own era toward the oldest; the cell's era plays no part"),
    ];

    [Fact]
    public void Model_scenario_and_property_code_tells_eras_apart_only_through_EraBoundaries()
    {
        var found = EraComparisonScan.Scan(RepositoryRoot(), "Model", "Concurrency", "Properties").ToList();

        var unexpected = found.Where(f => !Allowed.Any(a => a.Path == f.Path && a.Line == f.Line)).Select(f => $"{f.Path}: {f.Line}").ToList();
        var stale = Allowed.Where(a => !found.Contains((a.Path, a.Line))).Select(a => $"{a.Path}: {a.Line}").ToList();
        Assert.True(unexpected.Count == 0, "era compared other than through EraBoundaries (era.AtLeast/Before/AtMost/Is), or list it in Allowed with its reason:\n" + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, "allowed exceptions no longer in the sources:\n" + string.Join("\n", stale));
    }

    [Theory]
    [InlineData("if (kernel.Era >= KernelEra.V6_10)")]
    [InlineData("public static bool X(this KernelEra era) => era < KernelEra.V6_10;")]
    [InlineData("var ok = KernelEra.V6_9 <= options.Era;")]
    [InlineData("return era == KernelEras.Current;")]
    [InlineData("if (Era != KernelEra.V2_5) {")]
    [InlineData("var a = x > era ? 1 : 2;")]
    [InlineData("era is >= KernelEra.V3_19 and < KernelEra.V4_13")]
    [InlineData("era is KernelEra.V2_6_29 or KernelEra.V2_6_36")]
    [InlineData("if (options.Era is not KernelEra.V2_5)")]
    [InlineData("    < KernelEra.V6_9 => 32,")]
    [InlineData("    KernelEra.V2_5 => Model.ActiveListForm.RefillInactive,")]
    [InlineData("    case KernelEra.V2_6_29:")]
    [InlineData("switch (kernel.Era)")]
    [InlineData("var form = era switch")]
    [InlineData("var row = Table[(int)era];")]
    [InlineData("var next = era + 1;")]
    [InlineData("if (era.ToString() == \"V6_10\")")]
    [InlineData("if (era.Equals(KernelEra.V6_9))")]
    [InlineData("var fixedBy = era.Info().EndedBy;")]
    [InlineData("if (options.Era.Info().Version == \"6.10\")")]
    public void The_scan_flags_a_raw_era_comparison(string line)
    {
        Assert.NotNull(EraComparisonScan.Flag(line));
    }

    [Fact]
    public void The_scan_flags_a_comparison_of_eras_by_whatever_names_the_file_declares_them()
    {
        string[] file = ["public sealed record Row(KernelEra From, KernelEra? Until)", "    public bool Covers(KernelEra boundary) => boundary >= From && (Until is null || boundary < Until);", "    public bool Open => Until is not { } until;"];

        var declared = EraComparisonScan.DeclaredEras(file);

        Assert.Equal(["From", "Until", "boundary"], declared.Order(StringComparer.Ordinal));
        Assert.Null(EraComparisonScan.Flag(file[1]));
        Assert.Equal("comparison", EraComparisonScan.Flag(file[1], declared));
        Assert.Null(EraComparisonScan.Flag(file[2], declared));
    }

    [Theory]
    [InlineData("public static bool X(this KernelEra era) => era.AtLeast(KernelEra.V6_10);")]
    [InlineData("if (kernel.Era.Before(KernelEra.V3_19) && dirty < limit)")]
    [InlineData("public static IReadOnlyList<KernelEra> Eras { get; } = [];")]
    [InlineData("KernelEra era = KernelEra.V6_10,")]
    [InlineData("throw new InvalidOperationException($\"the {era.Info().Version} era has none\");")]
    [InlineData("if (charge.NrRetries < era.MemcgReclaimRetries())")]
    [InlineData("// era >= KernelEra.V6_10 in a comment")]
    public void The_scan_leaves_comparisons_through_EraBoundaries_alone(string line)
    {
        Assert.Null(EraComparisonScan.Flag(line));
    }

    [Fact]
    public void A_raw_comparison_injected_into_a_model_source_is_caught()
    {
        var path = Path.Combine(RepositoryRoot(), "Model/Wbcheck.Model/Eras/KernelEras.cs");
        var lines = File.ReadAllLines(path);
        var gate = Array.FindIndex(lines, l => l.Contains("=> era.AtLeast(KernelEra.V6_10);", StringComparison.Ordinal));
        Assert.True(gate >= 0, "KernelEras.cs has a 6.10 predicate");

        var injected = lines[gate].Replace("era.AtLeast(KernelEra.V6_10)", "era >= KernelEra.V6_10", StringComparison.Ordinal);

        Assert.Null(EraComparisonScan.Flag(lines[gate]));
        Assert.Equal("comparison", EraComparisonScan.Flag(injected));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Verification.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Verification.sln above {AppContext.BaseDirectory}");
    }
}
