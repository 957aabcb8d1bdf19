using System.Collections.Immutable;
using System.Globalization;
using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Writeback.Passes;

/// <summary>
/// The contract of one writeback pass, stated independently of the model's loops, as the
/// kernel documents it today (writeback_iter, 6.9): the pass looks at the pages of its range
/// (from writeback_index to the end for range_cyclic) carrying the DIRTY tag, or for
/// WB_SYNC_ALL and tagged_writepages those tagged TOWRITE at its start (every DIRTY page, and any
/// TOWRITE tag left by an earlier pass), in ascending order, and hands each that is still dirty
/// to -&gt;writepage, skipping (WB_SYNC_NONE) or waiting for (WB_SYNC_ALL) one under writeback.
/// Each page handed over counts against nr_to_write. WB_SYNC_NONE stops at the first error or
/// when nr_to_write runs out, returns that error, and a range_cyclic pass leaves writeback_index
/// just after the page it stopped at; WB_SYNC_ALL goes on to the end whatever nr_to_write says
/// and returns the first error. A range_cyclic pass that reaches the end leaves writeback_index
/// at 0; any other pass leaves it alone. It holds for a pass no other operation interleaves with
/// (I/O completions aside), as in a sequential run.
/// </summary>
public static class PassOracle
{
    public static ExpectedPass Expected(PassStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var first = start.Cyclic ? start.WritebackIndex : start.First;
        var last = start.Cyclic ? long.MaxValue : start.Last;
        var tagged = start.SyncAll || start.Tagged;
        var written = ImmutableArray.CreateBuilder<(long, int)>();
        var nr = start.NrToWrite;
        var firstError = 0;
        foreach (var page in start.Pages)
        {
            var looked = (page.Tags & (tagged ? XaMark.Dirty | XaMark.Towrite : XaMark.Dirty)) != 0;
            if (page.Index < first || page.Index > last || !looked || !page.Dirty || (page.Writeback && !start.SyncAll))
            {
                continue;
            }

            // A page wholly past EOF is the filesystem's to skip, and is no error.
            var result = page.Index < start.SizePages && start.Failing.TryGetValue(page.Index, out var error) ? error : 0;
            written.Add((page.Index, result));
            nr--;
            if (!start.SyncAll && (result != 0 || nr <= 0))
            {
                return new ExpectedPass(written.ToImmutable(), result, nr, start.Cyclic ? page.Index + 1 : start.WritebackIndex);
            }

            if (result != 0 && firstError == 0)
            {
                firstError = result;
            }
        }

        return new ExpectedPass(written.ToImmutable(), firstError, nr, start.Cyclic ? 0 : start.WritebackIndex);
    }

    /// <summary>
    /// How <paramref name="pass"/> broke its contract in <paramref name="facet"/>, or null. Each
    /// facet judges the passes it is about: writeback_index range_cyclic passes, the others
    /// passes over a range (where a cyclic pass goes is the lock-order property's to judge).
    /// </summary>
    public static string? Check(PassFacet facet, PassRecord pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Start.Cyclic != (facet == PassFacet.WritebackIndex))
        {
            return null;
        }

        var expected = Expected(pass.Start);
        var wrong = facet switch
        {
            PassFacet.NrToWrite => !Indices(pass.Written).SequenceEqual(Indices(expected.Written)) || pass.NrLeft != expected.NrLeft,
            PassFacet.Errors => !pass.Written.SequenceEqual(expected.Written) || pass.Result != expected.Result,
            PassFacet.WritebackIndex => pass.WritebackIndex != expected.WritebackIndex,
            _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, null),
        };
        if (!wrong)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{pass.Thread}: {Describe(pass.Start)} wrote [{Pages(pass.Written)}], returned {Errno.Name(pass.Result)}, left nr_to_write {Nr(pass.NrLeft)} and writeback_index {pass.WritebackIndex}; " +
            $"its contract says [{Pages(expected.Written)}], {Errno.Name(expected.Result)}, nr_to_write {Nr(expected.NrLeft)}, writeback_index {expected.WritebackIndex}");
    }

    /// <summary>The pass's control and what it found: "WB_SYNC_NONE cyclic nr 2 from writeback_index 3, of pages [0:D 1:DW 4:D]".</summary>
    public static string Describe(PassStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var range = start.Cyclic
            ? string.Create(CultureInfo.InvariantCulture, $"cyclic from writeback_index {start.WritebackIndex}")
            : string.Create(CultureInfo.InvariantCulture, $"range {start.First}..{(start.Last == long.MaxValue ? "end" : start.Last.ToString(CultureInfo.InvariantCulture))}");
        var pages = string.Join(" ", start.Pages.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Index}:{(p.Dirty ? "D" : "")}{(p.Writeback ? "W" : "")}{((p.Tags & XaMark.Dirty) != 0 ? "" : "(untagged)")}{((p.Tags & XaMark.Towrite) != 0 ? "(towrite)" : "")}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"a {(start.SyncAll ? "WB_SYNC_ALL" : "WB_SYNC_NONE")} pass, {range}, nr_to_write {Nr(start.NrToWrite)}{(start.Tagged ? ", tagged" : "")}, " +
            $"over pages [{pages}] of a {start.SizePages}-page file{(start.Failing.IsEmpty ? "" : $" whose ->writepage fails on {string.Join(",", start.Failing.OrderBy(f => f.Key).Select(f => new FailingPage((int)f.Key, f.Value)))}")},");
    }

    private static IEnumerable<long> Indices(ImmutableArray<(long Index, int Result)> written) => written.Select(w => w.Index);

    private static string Pages(ImmutableArray<(long Index, int Result)> written) =>
        string.Join(" ", written.Select(w => w.Result == 0 ? w.Index.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{w.Index}:{Errno.Name(w.Result)}")));

    private static string Nr(long nr) => nr < WritebackControl.LongMax / 2 ? nr.ToString(CultureInfo.InvariantCulture)
        : nr == WritebackControl.LongMax ? "LONG_MAX"
        : string.Create(CultureInfo.InvariantCulture, $"LONG_MAX-{WritebackControl.LongMax - nr}");
}
