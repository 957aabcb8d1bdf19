using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>4.9 mpage_writepages / __mpage_writepage, compiled from ../shared/reference, against the model's BIO builder.</summary>
public sealed class MpageWritepagesTests(ITestOutputHelper output)
{
    [KernelFact]
    public void KernelAndModelAgreeOnAThousandLayouts()
    {
        var report = ConformanceCheck.Run(Compiled.MpageWritepages, 1000);
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
    }

    [KernelFact]
    public void TheGeneratedLayoutsReachEveryKindOfSubmissionAndFallback()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var generated in Gen.Sample(Wbcheck.Properties.Mpage.MpageCaseGenerator.Case(), size: 100, seed: new Rnd(1, 0x9E3779B97F4A7C15), numberOfSamples: 1000))
        {
            var layout = generated.ToLayout();
            var events = Compiled.MpageWritepages.RunKernel(new MpageCase(layout)).Select(a => a.Event).ToList();
            void Count(string kind, bool present)
            {
                if (present)
                {
                    seen[kind] = seen.GetValueOrDefault(kind) + 1;
                }
            }

            Count("multi-page bio", events.Any(e => e.StartsWith("bio ", StringComparison.Ordinal) && e.Contains(',', StringComparison.Ordinal)));
            Count("sync bio", events.Any(e => e.EndsWith(" sync", StringComparison.Ordinal)));
            Count("partial page", events.Any(e => e.StartsWith("bio ", StringComparison.Ordinal) && !e.Contains(" sectors 8 ", StringComparison.Ordinal) && !e.Contains(',', StringComparison.Ordinal)));
            Count("->writepage", events.Any(e => e.StartsWith("->writepage", StringComparison.Ordinal)));
            Count("metadata read", events.Any(e => e.StartsWith("metadata read", StringComparison.Ordinal)));
            Count("metadata write", events.Any(e => e.StartsWith("metadata write", StringComparison.Ordinal)));
            Count("zeroed", events.Any(e => e.StartsWith("return ", StringComparison.Ordinal) && !e.Contains("zeroed none", StringComparison.Ordinal)));
            Count("buffers written by mpage", layout.Buffers.Any(b => !events.Contains($"->writepage {b.Page}")));
        }

        output.WriteLine(string.Join('\n', seen.Select(k => $"{k.Key}: {k.Value}")));
        foreach (var kind in new[] { "multi-page bio", "sync bio", "partial page", "->writepage", "metadata read", "metadata write", "zeroed", "buffers written by mpage" })
        {
            Assert.True(seen.GetValueOrDefault(kind) >= 20, $"{kind}: {seen.GetValueOrDefault(kind)} of 1000 layouts");
        }
    }

    [KernelFact]
    public void A_boundary_a_jump_and_a_partial_last_page_end_bios_where_the_source_does()
    {
        var layout = Wbcheck.Model.Fs.Mpage.Layout.LayoutParser.Parse("""
            block-size 1024
            i-size 14000
            extent 0-3 at 10 boundary
            extent 4-7 at 20
            extent 8-13 at 30
            dirty 0-3
            sync all
            """);
        var outcome = Differential.Differential.Compare(Compiled.MpageWritepages, new MpageCase(layout));
        output.WriteLine(string.Join('\n', outcome.Kernel));
        Assert.True(outcome.Equal, SideBySide.Render(outcome.Kernel, outcome.Model, "kernel", "model"));
        Assert.Equal(
            ["bio write sector 20 sectors 8 pages 0 sync", "bio write sector 40 sectors 8 pages 1 sync", "bio write sector 60 sectors 12 pages 2,3 sync", "return 0 zeroed 3@1712 dirty-buffers none"],
            outcome.Kernel.Skip(1).ToArray());
    }

    public static TheoryData<string> SnapshotLayouts => new(
        Directory.GetFiles(SnapshotLayoutDirectory(), "*.layout").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    /// <summary>Every layout whose write-back BIO order is a snapshot (Snapshots/.../Mpage/Layouts) gives that order in the source too.</summary>
    [KernelTheory]
    [MemberData(nameof(SnapshotLayouts))]
    public void TheSnapshotLayoutsWriteBackAsTheSourceDoes(string name)
    {
        var layout = Wbcheck.Model.Fs.Mpage.Layout.LayoutParser.Parse(File.ReadAllText(Path.Combine(SnapshotLayoutDirectory(), name + ".layout")));
        var outcome = Differential.Differential.Compare(Compiled.MpageWritepages, new MpageCase(layout));
        Assert.True(outcome.Equal, SideBySide.Render(outcome.Kernel, outcome.Model, "kernel", "model"));
        Assert.Contains(outcome.Kernel, e => e.StartsWith("bio write", StringComparison.Ordinal) || e.StartsWith("->writepage", StringComparison.Ordinal));
    }

    [KernelFact]
    public void ChangingTheContiguityTestIsReported()
    {
        const string original = "mpd->last_block_in_bio != blocks[0] - 1";
        var (divergence, _) = Compiled.Mutant(ConformanceTargets.MpageWritepages, "__mpage_writepage", original, "mpd->last_block_in_bio != blocks[0] + 1", output);
        var first = SideBySide.FirstDifference(divergence.Outcome.Kernel, divergence.Outcome.Model);
        Assert.StartsWith("bio write", divergence.Outcome.Kernel[first], StringComparison.Ordinal);
    }

    [KernelFact]
    public void ChangingTheBoundaryBlockTestIsReported()
    {
        const string original = "if (boundary_block) {";
        var (divergence, _) = Compiled.Mutant(ConformanceTargets.MpageWritepages, "__mpage_writepage", original, "if (!boundary_block) {", output);
        Assert.NotEmpty(((MpageCase)divergence.Case).Layout.IndirectBlocks);
    }

    [KernelFact]
    public void NotCleaningTheBuffersABioCarriesIsReported()
    {
        const string original = "clear_buffer_dirty(bh);";
        var (divergence, _) = Compiled.Mutant(ConformanceTargets.MpageWritepages, "clean_buffers", original, "(void)bh;", output);
        Assert.Contains(divergence.Outcome.Kernel, e => e.StartsWith("return ", StringComparison.Ordinal) && !e.EndsWith("dirty-buffers none", StringComparison.Ordinal));
    }

    [Fact]
    public void A_layout_past_the_shims_limits_is_refused_with_its_sizes()
    {
        var layout = new Wbcheck.Model.Fs.Mpage.Layout.FileLayout { Size = (MpageCase.MaxPages + 1) * 4096L };
        var error = Assert.Throws<ConformanceException>(() => new MpageCase(layout).ShimPages());
        Assert.Contains("at most 512 pages and 15 indirect blocks; this one has 513 and 0", error.Message, StringComparison.Ordinal);
    }

    private static string SnapshotLayoutDirectory([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "Snapshots", "Wbcheck.Snapshots.Tests", "Mpage", "Layouts");
}
