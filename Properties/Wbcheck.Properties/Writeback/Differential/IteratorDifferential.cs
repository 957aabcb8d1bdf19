using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Model;
using Wbcheck.Properties.Writeback.Passes;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Writeback.Differential;

/// <summary>
/// The differential of the writeback loop: two kernels of one era reach the same state by the
/// same commands; then one runs a pass through the era's write_cache_pages (from 6.9 the
/// wrapper around writeback_iter), the other through a -&gt;writepages that drives the 6.9
/// writeback_iter itself. They must hand the same pages to -&gt;writepage in the same order, get
/// and return the same errors, and leave the page cache the same. nr_to_write and
/// writeback_index must agree too, except where the 6.9 series changed them on purpose, as its
/// commits say (<see cref="DocumentedChanges"/>): those differences are allowed on older eras
/// unless the check is strict.
/// </summary>
public static class IteratorDifferential
{
    public const string Name = "writeback_iter = write_cache_pages";

    private static readonly Regex WritebackIndexField = new(@" writeback_index \d+", RegexOptions.CultureInvariant);

    public static KernelCommit NrToWriteOnError { get; } = new("9810325854a3", "writeback: also update wbc->nr_to_write on writeback failure", "6.9");

    public static KernelCommit ResumeAfterLastPage { get; } = new("a02829f011b6", "writeback: fix done_index when hitting the wbc->nr_to_write", "6.9");

    public static KernelCommit IndexOnlyForCyclic { get; } = new("5d899d43ed29", "writeback: only update ->writeback_index for range_cyclic writeback", "6.9");

    /// <summary>What the 6.9 series changed on purpose in what a pass leaves behind, and where it shows.</summary>
    public static IReadOnlyList<(KernelCommit Commit, string Difference)> DocumentedChanges { get; } =
    [
        (NrToWriteOnError, "a WB_SYNC_NONE pass stopped by a ->writepage error used to leave nr_to_write one higher: the failed page did not count"),
        (ResumeAfterLastPage, "a range_cyclic WB_SYNC_NONE pass stopped by nr_to_write used to leave writeback_index at the page it wrote last, so the next pass wrote that page's index again first; now just after it"),
        (IndexOnlyForCyclic, "a whole-file pass that was not range_cyclic used to move writeback_index too (when it had nr_to_write left); now only range_cyclic passes do"),
    ];

    /// <summary>
    /// Run <paramref name="c"/> on two kernels of <paramref name="era"/>; null when the loops
    /// agree, else the report of how they differ (or of what broke on the way).
    /// </summary>
    public static CaseFailure? Compare(DifferentialCase c, KernelEra era, PassLoop loop = PassLoop.WritebackIter, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(c);
        var options = WorldOptions.Default with { Era = era };
        var classic = new WritebackWorld(c.Prefix, options);
        var iterator = new WritebackWorld(c.Prefix, options);
        if ((classic.Run(completeAllIo: false) ?? iterator.Run(completeAllIo: false)) is { } broken)
        {
            return broken;
        }

        iterator.SwitchLoop(loop);
        var before = classic.Passes.Passes.Count;
        if ((classic.RunAlone(c.Final) ?? iterator.RunAlone(c.Final)) is { } failed)
        {
            return failed;
        }

        var a = classic.Passes.Passes[before];
        var b = iterator.Passes.Passes[before];
        var differences = new List<string>();
        if (!a.Written.SequenceEqual(b.Written))
        {
            differences.Add($"write_cache_pages wrote [{Pages(a)}], writeback_iter [{Pages(b)}]");
        }

        if (a.Result != b.Result)
        {
            differences.Add($"write_cache_pages returned {Errno.Name(a.Result)}, writeback_iter {Errno.Name(b.Result)}");
        }

        var older = era.Before(KernelEra.V6_9);
        if (a.NrLeft != b.NrLeft)
        {
            var explained = older && !a.Start.SyncAll && a.Written.Length > 0 && a.Written[^1].Result != 0 && a.NrLeft == b.NrLeft + 1;
            Note(differences, strict, explained ? NrToWriteOnError : null, $"write_cache_pages left nr_to_write {a.NrLeft}, writeback_iter {b.NrLeft}");
        }

        if (a.WritebackIndex != b.WritebackIndex)
        {
            var last = a.Written.Length > 0 ? a.Written[^1] : (-1, 0);
            var stoppedByNr = older && a.Start.Cyclic && !a.Start.SyncAll && last.Index >= 0 && last.Item2 == 0 && b.NrLeft <= 0
                && a.WritebackIndex == last.Index && b.WritebackIndex == last.Index + 1;
            var wholeFile = older && !a.Start.Cyclic && a.Start.First == 0 && a.Start.Last == long.MaxValue && b.WritebackIndex == b.Start.WritebackIndex;
            Note(differences, strict, stoppedByNr ? ResumeAfterLastPage : wholeFile ? IndexOnlyForCyclic : null,
                $"write_cache_pages left writeback_index {a.WritebackIndex}, writeback_iter {b.WritebackIndex}");
        }

        var stateA = PageCache(classic);
        var stateB = PageCache(iterator);
        var changed = stateA.Zip(stateB).Where(pair => pair.First != pair.Second).Select(pair => $"{pair.First} | writeback_iter: {pair.Second}").ToList();
        if (stateA.Length != stateB.Length || changed.Count > 0)
        {
            differences.Add($"the page cache differs afterwards: {(changed.Count > 0 ? string.Join("; ", changed) : "a different number of pages")}");
        }

        if (differences.Count == 0)
        {
            return null;
        }

        return new CaseFailure(
            Name,
            string.Create(CultureInfo.InvariantCulture,
                $"{Name}: from the same state, {PassOracle.Describe(a.Start)} {string.Join("; ", differences)} [era {era.Info().Version}, writeback_iter loop {loop}{(strict ? ", strict" : "")}]"),
            "the final pass",
            [.. classic.Log],
            classic.DescribeState());
    }

    /// <summary>A difference is a failure unless a documented change explains it and the check is not strict.</summary>
    private static void Note(List<string> differences, bool strict, KernelCommit? explainedBy, string difference)
    {
        if (explainedBy is null)
        {
            differences.Add(difference);
        }
        else if (strict)
        {
            differences.Add($"{difference} (as the documented change {explainedBy} made it)");
        }
    }

    /// <summary>The page lines and counters of the state; writeback_index is compared on its own.</summary>
    private static ImmutableArray<string> PageCache(WritebackWorld world) =>
        [.. world.DescribeState().Select(line => WritebackIndexField.Replace(line, ""))];

    private static string Pages(PassRecord pass) =>
        string.Join(" ", pass.Written.Select(w => w.Result == 0 ? w.Index.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{w.Index}:{Errno.Name(w.Result)}")));
}
