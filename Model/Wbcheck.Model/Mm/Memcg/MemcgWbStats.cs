namespace Wbcheck.Model.Mm.Memcg;

/// <summary>What mem_cgroup_wb_stats reports of a memcg, in pages: its file pages, its headroom, its dirty and its writeback pages.</summary>
public readonly record struct MemcgWbStats(ulong FilePages, ulong Headroom, ulong Dirty, ulong Writeback)
{
    public override string ToString() => $"filepages {FilePages}, headroom {Headroom}, dirty {Dirty}, writeback {Writeback}";
}
