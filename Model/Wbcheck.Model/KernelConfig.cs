using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model;

/// <summary>What kernel the model runs: its era, any injected faults, and tunables.</summary>
public sealed record KernelConfig
{
    public static KernelConfig Default { get; } = new();

    public KernelEra Era { get; init; } = KernelEras.Current;

    public Faults Faults { get; init; } = Faults.None;

    /// <summary>
    /// PAGEVEC_SIZE / folio_batch size: how many pages one tag lookup returns. The kernel's is
    /// 31 (14 in 2.6.20); small scenarios lower it so batch boundaries (and the cond_resched
    /// between batches) fall inside a few pages.
    /// </summary>
    public int BatchSize { get; init; } = 31;

    /// <summary>CPUs, memory, the disk's queue and the pdflush pool.</summary>
    public Machine Machine { get; init; } = Machine.Default;

    /// <summary>
    /// The vm sysctls at boot; <see cref="DirtyThrottle.WriteSysctls"/> changes them later. Unless
    /// set, <see cref="VmSysctls.DefaultOf"/>: the defaults of the release the era starts at
    /// (dirty_ratio/dirty_background_ratio 50/40 on 2.5.31, 40/10 on 2.6.20, 10/5 on 2.6.29, 20/10
    /// from 2.6.36; docs/eras.md section 87).
    /// </summary>
    public VmSysctls Sysctls
    {
        get => field ?? VmSysctls.DefaultOf(Era, Faults);
        init;
    }

    /// <summary>
    /// BIO_MAX_PAGES: the most pages (segments) one bio can carry, 256 in 4.9. Small scenarios
    /// lower it so that a few pages fill a bio.
    /// </summary>
    public int BioMaxPages { get; init; } = 256;

    /// <summary>
    /// Checks the configuration as a whole, as the kernel is built: the machine's fields against
    /// each other, and no setting the era's kernel did not have (<see cref="EraSettings"/>).
    /// </summary>
    public KernelConfig Validate()
    {
        Machine.Validate();
        return EraSettings.Check(this);
    }
}
