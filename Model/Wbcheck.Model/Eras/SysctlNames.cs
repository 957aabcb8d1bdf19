using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model;

/// <summary>
/// The name under /proc/sys/vm of each of the model's vm sysctls (<see cref="VmSysctls"/>), as the
/// era's kernel spelled it, for whatever the model prints about one (as <see cref="EraNames"/>
/// does for functions). One was renamed within the model's eras: the list era's dirty_async_ratio
/// became dirty_ratio in 2.5.43. The sysctls a kernel did not have at all are refused instead
/// (<see cref="EraSettings"/>); their names never changed.
/// </summary>
public static class SysctlNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [nameof(VmSysctls.DirtyRatio)] = "vm.dirty_ratio",
        [nameof(VmSysctls.DirtyBackgroundRatio)] = "vm.dirty_background_ratio",

        // The sysctls are in centiseconds in every era; the model keeps jiffies.
        [nameof(VmSysctls.DirtyWritebackInterval)] = "vm.dirty_writeback_centisecs",
        [nameof(VmSysctls.DirtyExpireInterval)] = "vm.dirty_expire_centisecs",
        [nameof(VmSysctls.LaptopMode)] = "vm.laptop_mode",
        [nameof(VmSysctls.HighmemIsDirtyable)] = "vm.highmem_is_dirtyable",
    };

    /// <summary>
    /// The name <paramref name="era"/>'s kernel gave the sysctl the model calls
    /// <paramref name="member"/> (a <see cref="VmSysctls"/> property name).
    /// </summary>
    public static string Of(string member, KernelEra era)
    {
        if (!Names.TryGetValue(member, out var name))
        {
            throw new ArgumentException($"{member} is not one of the model's vm sysctls ({string.Join(", ", Names.Keys)})", nameof(member));
        }

        return member == nameof(VmSysctls.DirtyRatio) && era.NamesDirtyRatioDirtyAsyncRatio() ? "vm.dirty_async_ratio" : name;
    }

    /// <summary>
    /// vm.dirty_ratio was vm.dirty_async_ratio until Andrew Morton's "rename
    /// /proc/sys/vm/dirty_async_ratio to dirty_ratio", an -mm patch before git, in 2.5.43 [V:
    /// Linus' 2.5.43 announcement, lkml 15 Oct 2002, lists it; akpm's mail of 12 Aug 2002 tunes
    /// "stock 2.5.31" through dirty_async_ratio]. 2.5.31 also had a dirty_sync_ratio ("presently
    /// non-functional", akpm, 27 Aug 2002, against 2.5.32), which the model has not. Of the
    /// model's eras: the list era.
    /// </summary>
    public static bool NamesDirtyRatioDirtyAsyncRatio(this KernelEra era) => era.Before(KernelEra.V2_6_20);
}
