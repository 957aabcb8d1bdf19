using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Properties.Throttle;

namespace Wbcheck.Properties.Nodes;

/// <summary>
/// The page allocator keeps a buffered writer's dirty pages within each zone's (3.3) or node's
/// (4.8) share of the dirty limit, except what its slow path may give: after every page, each
/// zone (node) holds at most its limit, plus one (the page allocated when it was exactly at its
/// limit, dirtied after the look), plus the pages it got while every node of the zonelist was
/// over its limit or at its low watermark, when the fast path has nowhere to go. The bound is the
/// property's own, computed from the machine's sizes and the era's rules, never from the
/// model's counters or limits: a node's reserve is its high watermark (its share of
/// min_free_kbytes / 4 pages plus a half, or from 4.6 plus twice the larger of a quarter and
/// 0.1% of the node), its dirtyable memory free less the reserve (never below zero) plus its
/// cached pages, its limit vm.dirty_ratio of that; whether the slow path could give a page is
/// judged before each write from the pages each node holds. So an allocator that goes to the
/// slow path while a node has room is caught, however the model counts its slow path. Only the
/// flusher cleans pages, and the writer only writes new ones. Before 3.3 the allocator takes
/// every page from the writer's own node.
/// </summary>
public static class NodeDirtyLimitProperty
{
    public const string Name = "no node holds more dirty pages than its limit plus what the slow path gave it";

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(NodeCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>Run <paramref name="c"/> to its end without checking; the kernel it leaves.</summary>
    public static Kernel Run(NodeCase c, KernelEra era, Faults faults) => Execute(c, era, faults, check: false).Kernel;

    /// <summary>The first page after which <paramref name="c"/> shows a zone or node over its share, or null.</summary>
    public static string? Check(NodeCase c, KernelEra era, Faults faults) => Execute(c, era, faults, check: true).Violation;

    private static (string? Violation, Kernel Kernel) Execute(NodeCase c, KernelEra era, Faults faults, bool check)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Machine
            {
                OnlineCpus = c.Nodes,
                Nodes = c.Nodes,
                TotalPages = c.Nodes * NodeCase.PagesPerNode,
                MinFreeKbytes = c.Watermarks ? NodeCase.MinFreeKbytes : null,
            },
            Sysctls = VmSysctls.DefaultOf(era) with { DirtyRatio = NodeCase.DirtyRatio },
        });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = c.Cpu };
        var rules = NodeRules.Of(c, era);
        var slowpath = new long[c.Nodes];
        for (var index = 0L; index < c.Pages; index++)
        {
            var before = Nodes(kernel, c.Nodes);
            var fastPathFull = before.All(node => node.Pending > rules.Limit(node.Cached) || rules.AtLowWatermark(node.Cached));
            ThrottleKernels.RunAs(runtime, kernel, writer, async () => await kernel.Filemap.GenericPerformWrite(file, index));
            if (fastPathFull)
            {
                slowpath[file.Mapping.Pages.Load(index)!.Zone!.Node]++;
            }

            if (c.FlushEvery > 0 && (index + 1) % c.FlushEvery == 0)
            {
                ThrottleKernels.RunAs(runtime, kernel, writer, async () => await kernel.Filemap.FilemapWriteAndWaitRange(file.Mapping, 0, long.MaxValue));
                runtime.RunAllPending();
            }

            var violation = check ? Over(Nodes(kernel, c.Nodes), rules, slowpath, era) : null;
            if (violation is not null)
            {
                return ($"after page {index}: {violation}", kernel);
            }
        }

        return (null, kernel);
    }

    /// <summary>The pages each node holds, counted from the page cache: cached, and dirty plus writeback (a page both counts twice, as NR_FILE_DIRTY + NR_WRITEBACK).</summary>
    private static (long Cached, long Pending)[] Nodes(Kernel kernel, int nodes)
    {
        var counts = new (long Cached, long Pending)[nodes];
        foreach (var page in kernel.CachedPages())
        {
            var node = page.Zone!.Node;
            counts[node].Cached++;
            counts[node].Pending += (page.Dirty ? 1 : 0) + (page.Writeback ? 1 : 0);
        }

        return counts;
    }

    private static string? Over((long Cached, long Pending)[] nodes, NodeRules rules, long[] slowpath, KernelEra era)
    {
        for (var node = 0; node < nodes.Length; node++)
        {
            var (cached, pending) = nodes[node];
            var limit = rules.Limit(cached);
            if (pending > limit + 1 + slowpath[node])
            {
                var what = era.DirtyLimitsPerNode() ? $"node {node}" : $"zone Normal of node {node}";
                return $"{what} holds {pending} dirty and writeback page(s), over its limit {limit} (of {rules.Dirtyable(cached)} dirtyable) + 1 + the {slowpath[node]} the slow path gave it while every node was over its limit or low watermark";
            }
        }

        return null;
    }

    /// <summary>A node's watermarks and dirty limit, from the case's sizes and the era's rules (each node is one ZONE_NORMAL of <see cref="NodeCase.PagesPerNode"/>).</summary>
    private sealed record NodeRules(bool Watermarks, long Low, long Reserve)
    {
        public static NodeRules Of(NodeCase c, KernelEra era)
        {
            if (!c.Watermarks)
            {
                return new NodeRules(false, 0, 0);
            }

            // pages_min shared out by managed pages over all (low) memory.
            var share = (NodeCase.MinFreeKbytes >> (WritebackControl.PageShift - 10)) * NodeCase.PagesPerNode / (c.Nodes * NodeCase.PagesPerNode);
            var gap = era.WatermarkScaleFactor() ? Math.Max(share >> 2, NodeCase.PagesPerNode * 10 / 10000) : share >> 2;
            var high = era.WatermarkScaleFactor() ? share + (2 * gap) : share + (share >> 1);
            return new NodeRules(true, share + gap, Math.Min(high, NodeCase.PagesPerNode));
        }

        public long Dirtyable(long cached)
        {
            var free = NodeCase.PagesPerNode - Math.Min(NodeCase.PagesPerNode, cached);
            return free - Math.Min(free, Reserve) + cached;
        }

        public long Limit(long cached) => NodeCase.DirtyRatio * Dirtyable(cached) / 100;

        /// <summary>The fast path passes the node over (free at or below its low watermark); never without watermarks, where memory is not bounded.</summary>
        public bool AtLowWatermark(long cached) => Watermarks && NodeCase.PagesPerNode - cached <= Low;
    }
}
