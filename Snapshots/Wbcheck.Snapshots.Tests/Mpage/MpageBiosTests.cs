using System.Runtime.CompilerServices;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Snapshots.Tests.Mpage;

/// <summary>
/// The BIO submission orders of the layout corpus (Layouts/*.layout), written back and read,
/// kept as snapshots: exactly what <c>wbcheck bios LAYOUT [--read]</c> prints. A new layout
/// file gets its snapshots the first time the tests run.
/// </summary>
public sealed class MpageBiosTests
{
    public static TheoryData<string> Layouts => new(
        Directory.GetFiles(LayoutDirectory(), "*.layout").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Writes(string layout) =>
        Snapshot.Verify(MpageReport.Render(MpageScenario.Write(Load(layout))), SnapshotSettings.Default.WithParameters(layout));

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Reads(string layout) =>
        Snapshot.Verify(MpageReport.Render(MpageScenario.Read(Load(layout))), SnapshotSettings.Default.WithParameters(layout));

    [Fact]
    public void The_corpus_has_at_least_twelve_layouts() => Assert.True(Layouts.Count >= 12, $"only {Layouts.Count} layouts in {LayoutDirectory()}");

    private static FileLayout Load(string name) => LayoutParser.Parse(File.ReadAllText(Path.Combine(LayoutDirectory(), name + ".layout")));

    /// <summary>The layouts are read from the source tree, beside this file, as the snapshots are.</summary>
    private static string LayoutDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Layouts");
}
