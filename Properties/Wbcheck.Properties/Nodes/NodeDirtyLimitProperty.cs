using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Properties.Throttle;

namespace Wbcheck.Properties.Nodes;

/// <summary>
/// The page allocator keeps a buffered writer's dirty pages within each zone's (3.3) or node's
/// (4.8) share of the dirty limit, except what its slow path let past: after every page, each
/// zone (node) holds at most its limit, plus one (the page allocated when it was exactly at its
/// limit, dirtied after the look), plus the pages the slow path gave it when every zone of the
/// zonelist was over. The writer only writes new pages and only the flusher cleans them, so a
/// zone's dirty pages grow only by what the allocator gives it; its dirtyable memory (free plus
/// file LRU) stays its size, so its limit does not move. Before 3.3 the allocator takes every
/// page from the writer's own node.
/// </summary>
public static class NodeDirtyLimitProperty
{
    public const string Name = "no node holds more dirty pages than its limit plus what the slow path gave it";

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(NodeCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first page after which <paramref name="c"/> shows a zone or node over its share, or null.</summary>
    public static string? Check(NodeCase c, KernelEra era, Faults faults)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Machine { OnlineCpus = c.Nodes, Nodes = c.Nodes, TotalPages = c.Nodes * NodeCase.PagesPerNode },
            Sysctls = VmSysctls.Default with { DirtyRatio = NodeCase.DirtyRatio },
        });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = c.Cpu };
        for (var index = 0L; index < c.Pages; index++)
        {
            ThrottleKernels.RunAs(runtime, kernel, writer, async () => await kernel.Filemap.GenericPerformWrite(file, index));
            if (c.FlushEvery > 0 && (index + 1) % c.FlushEvery == 0)
            {
                ThrottleKernels.RunAs(runtime, kernel, writer, async () => await kernel.Filemap.FilemapWriteAndWaitRange(file.Mapping, 0, long.MaxValue));
                runtime.RunAllPending();
            }

            var violation = Over(kernel, writer);
            if (violation is not null)
            {
                return $"after page {index}: {violation}";
            }
        }

        return null;
    }

    private static string? Over(Kernel kernel, TaskStruct writer)
    {
        var alloc = kernel.PageAlloc;
        var perNode = kernel.Era.DirtyLimitsPerNode();
        foreach (var group in alloc.Zones.GroupBy(zone => perNode ? zone.Node : zone.Id))
        {
            var limit = kernel.Throttle.DirtyShareLimit(group.First(), writer);
            var slowpath = group.Sum(alloc.SlowpathPages);
            if (limit.WritePending > limit.Limit + 1 + (ulong)slowpath)
            {
                var what = perNode ? $"node {group.Key}" : $"zone {group.First()}";
                return $"{what} holds {limit.WritePending} dirty and writeback page(s), over its limit {limit.Limit} (of {limit.Dirtyable} dirtyable) + 1 + the {slowpath} the slow path gave it";
            }
        }

        return null;
    }
}
