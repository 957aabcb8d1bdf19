using System.Globalization;
using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Traces;
using Wbcheck.Model.Fs.Mpage;

namespace Wbcheck.Conformance.Running;

/// <summary>
/// The model's 4.9 mpage_writepages on a case's layout (<see cref="MpageScenario.Write"/>, as
/// <c>wbcheck bios</c> runs it): its data bios in submission order, each fallback to -&gt;writepage
/// where it fell, the metadata I/O (indirect block reads by get_block, write_boundary_block),
/// then the return, the pages whose tail was zeroed and the buffers mpage left dirty. The fallback's own I/O is
/// block_write_full_page's, not mpage's, and is left out, as the shim leaves it out.
/// </summary>
public static class MpageModel
{
    private static readonly string State = PageCacheState.Format([], false, false, 0, 0);

    public static IReadOnlyList<Anchor> Run(MpageCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var run = MpageScenario.Write(c.Layout);
        var log = run.Fs.Log;
        var anchors = new List<Anchor> { new("start", State) };
        var fallback = 0;
        for (var i = 0; i <= log.Records.Count; i++)
        {
            while (fallback < log.Writepages.Count && log.WritepageAt[fallback] == i)
            {
                anchors.Add(new Anchor(string.Create(CultureInfo.InvariantCulture, $"->writepage {log.Writepages[fallback++]}"), State));
            }

            if (i < log.Records.Count && !InFallback(log, i))
            {
                var record = log.Records[i];
                var op = record.Op == Wbcheck.Model.Block.BioOp.Write ? "write" : "read";
                anchors.Add(new Anchor(
                    record.Bio is null
                        ? string.Create(CultureInfo.InvariantCulture, $"metadata {op} sector {record.Sector} sectors {record.Sectors}")
                        : string.Create(CultureInfo.InvariantCulture, $"bio {op} sector {record.Sector} sectors {record.Sectors} pages {string.Join(',', record.Pages)}{(record.Sync ? " sync" : "")}"),
                    State));
            }
        }

        var zeroed = Enumerable.Range(0, (int)c.Layout.PageCount)
            .Select(i => (Index: i, Page: run.Inode.Mapping.Pages.Load(i)))
            .Where(p => p.Page is { ZeroFrom: < Wbcheck.Model.Mm.Page.PageSize })
            .Select(p => string.Create(CultureInfo.InvariantCulture, $" {p.Index}@{p.Page!.ZeroFrom}"))
            .ToList();
        // Buffers still dirty on the pages with buffers that mpage wrote itself (not through the
        // fallback): clean_buffers cleans those the bio carries.
        var dirty = c.Layout.Buffers.Select(b => b.Page).Order().Where(p => !log.Writepages.Contains(p))
            .Select(p => (Page: p, Dirty: run.Inode.Mapping.Pages.Load(p)!.Buffers!.Select((bh, j) => (bh, j)).Where(x => x.bh.Dirty).Select(x => x.j).ToList()))
            .Where(p => p.Dirty.Count > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $" {p.Page}:{string.Join(',', p.Dirty)}"))
            .ToList();
        anchors.Add(new Anchor(string.Create(CultureInfo.InvariantCulture, $"return {run.Result} zeroed{(zeroed.Count == 0 ? " none" : string.Concat(zeroed))} dirty-buffers{(dirty.Count == 0 ? " none" : string.Concat(dirty))}"), State));
        return anchors;
    }

    /// <summary>Whether I/O <paramref name="record"/> (0-based) was submitted inside a -&gt;writepage call.</summary>
    private static bool InFallback(BioLog log, int record) =>
        Enumerable.Range(0, log.WritepageDoneAt.Count).Any(k => log.WritepageAt[k] <= record && record < log.WritepageDoneAt[k]);
}
