namespace Wbcheck.Model;

/// <summary>
/// A configuration the model refuses to boot or run: here, a setting, field or option that the
/// era's kernel did not have (<see cref="EraSettings"/>). The message names the setting, the era
/// and the change that added it. An <see cref="ArgumentException"/>, as bad configuration is
/// elsewhere, so the command line reports it as bad input (exit 2).
/// </summary>
public sealed class KernelConfigException(EraSetting setting, KernelEra era)
    : ArgumentException(setting.Refusal(era))
{
    /// <summary>The setting refused.</summary>
    public EraSetting Setting { get; } = setting;

    /// <summary>The era whose kernel lacked it.</summary>
    public KernelEra Era { get; } = era;
}
