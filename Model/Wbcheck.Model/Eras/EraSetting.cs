namespace Wbcheck.Model;

/// <summary>
/// One row of the table of settings (<see cref="EraSettings"/>): a sysctl, a field of a kernel
/// structure or a capability, <see cref="Member"/> the model's name for it, and the first of the
/// model's eras whose kernel had it, with the change that added it (null when every modelled era
/// had it). The model refuses the setting on an older era, rather than honour or ignore it.
/// </summary>
/// <param name="Name">The kernel's name: "vm.laptop_mode", "writeback_control.tagged_writepages".</param>
/// <param name="Kind">What it is, for the message: "sysctl", "field", "capability".</param>
/// <param name="Member">The model's knob, Type.Member.</param>
/// <param name="FirstEra">The oldest model era whose kernel had it.</param>
/// <param name="AddedBy">The change that added it; null when it predates the oldest era.</param>
/// <param name="Evidence">Where the release comes from ([V], [R] or [I], as docs/eras.md marks them).</param>
public sealed record EraSetting(string Name, string Kind, string Member, KernelEra FirstEra, KernelCommit? AddedBy, string Evidence)
{
    /// <summary>What to run without instead, for the message: the setting itself unless the model's knob says it better.</summary>
    public string Without { get; init; } = Name;

    /// <summary>Whether the kernel of <paramref name="era"/> had this setting.</summary>
    public bool ExistsIn(KernelEra era) => era.AtLeast(FirstEra);

    /// <summary>Refuse the setting on <paramref name="era"/> when the era's kernel lacked it.</summary>
    public void Require(KernelEra era)
    {
        if (!ExistsIn(era))
        {
            throw new KernelConfigException(this, era);
        }
    }

    /// <summary>Why the setting is refused on <paramref name="era"/>: the setting, the era, the change that added it.</summary>
    public string Refusal(KernelEra era) =>
        $"{Name} is from {AddedBy?.Release ?? "before " + KernelEras.All[0].Version} ({AddedBy?.ToString() ?? "no commit"}); " +
        $"the {era.Info().Version} era's kernel has no such {Kind}: run on {FirstEra.Info().Version} or later, or without {Without}";
}
