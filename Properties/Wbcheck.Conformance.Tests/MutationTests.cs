using Wbcheck.Conformance.Differential;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>A one-token change to the compiled kernel function is a divergence, shrunk and printed.</summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private const string Original = "(--(wbc->nr_to_write) <= 0)";
    private const string Mutant = "(--(wbc->nr_to_write) < 0)";

    [KernelFact]
    public void ChangingTheNrToWriteTestIsReported()
    {
        var (divergence, text) = Compiled.Mutant(ConformanceTargets.GenericWritepages, "generic_writepages", Original, Mutant, output);
        Assert.Contains(">>", text, StringComparison.Ordinal);

        // Shrunk to the smallest page cache that shows it: nr_to_write runs out exactly at the end
        // of a full pagevec (14 pages), and the mutant goes on to a 15th page that the source
        // (and the model) leave alone.
        Assert.Equal(15, ((Wbcheck.Conformance.Cases.WritepagesCase)divergence.Case).Pages.Length);
        Assert.InRange(((Wbcheck.Conformance.Cases.WritepagesCase)divergence.Case).NrToWrite, 1, 14);
        var first = SideBySide.FirstDifference(divergence.Outcome.Kernel, divergence.Outcome.Model);
        Assert.StartsWith("return ", divergence.Outcome.Model[first], StringComparison.Ordinal);
    }
}
