using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Properties.Throttle;

namespace Wbcheck.Properties.Nodes;

/// <summary>
/// One writer on CPU <see cref="Cpu"/> (node <see cref="Cpu"/>) writing <see cref="Pages"/> new
/// pages of one file on a machine of <see cref="Nodes"/> nodes of 100 pages each, one CPU a
/// node, vm.dirty_ratio 20 (so each node's dirty limit is 20 pages); every
/// <see cref="FlushEvery"/> pages (0: never) the file is written back for data integrity and the
/// I/O completes: the written pages stay cached, clean, and the nodes fall back under their
/// limits. With <see cref="Watermarks"/> the machine boots with vm.min_free_kbytes
/// <see cref="MinFreeKbytes"/> (init_per_zone_wmark_min's floor): each node has watermarks, and
/// its high watermark is reserved, not dirtyable.
/// </summary>
public sealed record NodeCase(int Nodes, int Cpu, int Pages, int FlushEvery, bool Watermarks = false)
{
    public const long MinFreeKbytes = 128;

    public const long PagesPerNode = 100;

    public const int DirtyRatio = 20;

    public static Arbitrary<NodeCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public bool IsValid => Nodes is >= 2 and <= 3 && Cpu >= 0 && Cpu < Nodes && Pages is >= 1 and <= 90 && FlushEvery is >= 0 and <= 40;

    public override string ToString() =>
        $"{Nodes} nodes" + (Watermarks ? $" (min_free_kbytes {MinFreeKbytes})" : "") + $"; the writer on CPU {Cpu} writes {Pages} new page(s)" + (FlushEvery > 0 ? $", the file written back every {FlushEvery}" : "");

    public static IEnumerable<NodeCase> Shrink(NodeCase c) =>
        Sizes.Toward(c.Pages, 1).Select(v => c with { Pages = (int)v })
            .Concat(Sizes.Toward(c.Nodes, 2).Select(v => c with { Nodes = (int)v, Cpu = Math.Min(c.Cpu, (int)v - 1) }))
            .Concat(Sizes.Toward(c.Cpu, 0).Select(v => c with { Cpu = (int)v }))
            .Concat(Sizes.Toward(c.FlushEvery, 0).Select(v => c with { FlushEvery = (int)v }))
            .Concat(c.Watermarks ? [c with { Watermarks = false }] : [])
            .Where(candidate => candidate.IsValid);

    private static Gen<NodeCase> Generate() =>
        from nodes in Gen.Choose(2, 3)
        from cpu in Gen.Choose(0, nodes - 1)
        from pages in Gen.Choose(1, 90)
        from flush in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(1, 40)))
        from watermarks in Gen.Elements(false, true)
        select new NodeCase(nodes, cpu, pages, flush, watermarks);
}
