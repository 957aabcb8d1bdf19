using System.Globalization;
using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Conformance.Running;

/// <summary>The model's 2.6.20 get_dirty_limits on a case: the machine, counters, sysctls, mapping and task it describes.</summary>
public static class DirtyLimitsModel
{
    public static IReadOnlyList<Anchor> Run(DirtyLimitsCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var state = PageCacheState.Format([], false, false, 0, 0);
        var anchors = new List<Anchor> { new("start", state) };
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig
        {
            Era = KernelEra.V2_6_20,
            Machine = Machine.Default with { TotalPages = c.TotalPages, TotalHighPages = c.HighPages },
            Sysctls = VmSysctls.Default with { DirtyRatio = c.DirtyRatio, DirtyBackgroundRatio = c.BackgroundRatio },
        });
        kernel.Vmstat.NrFileMapped = c.Mapped;
        kernel.Vmstat.NrAnonPages = c.Anon;
        var mapping = c.Mapping == 0 ? null : kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default)).Mapping;
        if (mapping is not null)
        {
            mapping.GfpHighmem = c.Mapping == 1;
        }

        var task = new TaskStruct { Comm = "writer", LessThrottle = c.LessThrottle, RealTime = c.RealTime };
        try
        {
            var limits = kernel.Throttle.GetDirtyLimits(mapping, task);
            anchors.Add(new Anchor(string.Create(CultureInfo.InvariantCulture, $"limits background {limits.Background} dirty {limits.Dirty}"), state));
        }
        catch (OverflowException)
        {
            anchors.Add(new Anchor("the model's checked arithmetic overflowed", state));
        }

        return anchors;
    }
}
