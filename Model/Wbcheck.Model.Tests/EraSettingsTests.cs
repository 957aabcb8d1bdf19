using System.Reflection;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The one rule for a setting an era's kernel did not have (docs/eras.md section 17): refused,
/// naming the setting, the era and the change that added it; accepted from the first era whose
/// kernel had it. One test per kind of setting: a boot sysctl, a sysctl written later, and the
/// table's own completeness (the writeback_control field, the bdi capability and the highmem
/// sysctl have theirs in TaggedWritepagesEraTests, StrictlimitLoopTests and HighmemDirtyableTests).
/// </summary>
public sealed class EraSettingsTests
{
    private static KernelConfig Laptop(KernelEra era) => new() { Era = era, Sysctls = VmSysctls.V2_6_20Default with { LaptopMode = 500 } };

    [Fact]
    public void The_list_era_had_no_laptop_mode_and_a_kernel_booted_with_it_is_refused()
    {
        var refused = Assert.Throws<KernelConfigException>(() => new Kernel(new SequentialRuntime(), Laptop(KernelEra.V2_5)));

        Assert.Equal(EraSettings.LaptopMode, refused.Setting);
        Assert.Equal(KernelEra.V2_5, refused.Era);
        Assert.Contains("vm.laptop_mode is from 2.6.6", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the 2.5.31 era's kernel has no such sysctl", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void From_the_2_6_20_era_laptop_mode_boots(KernelEra era)
    {
        var kernel = new Kernel(new SequentialRuntime(), Laptop(era));

        Assert.Equal(500, kernel.Throttle.Sysctls.LaptopMode);
    }

    [Fact]
    public void Laptop_mode_left_off_is_not_asked_for_on_the_list_era()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_5 });

        Assert.Equal(0, kernel.Throttle.Sysctls.LaptopMode);
    }

    [Fact]
    public void Writing_laptop_mode_later_on_the_list_era_is_refused_and_leaves_the_sysctls_as_they_were()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_5 });

        var refused = Assert.Throws<KernelConfigException>(() => kernel.Throttle.WriteSysctls(VmSysctls.V2_6_20Default with { LaptopMode = 500 }));

        Assert.Contains("vm.laptop_mode", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, kernel.Throttle.Sysctls.LaptopMode);
    }

    [Fact]
    public void Every_vm_sysctl_of_the_model_is_in_the_table_or_audited_as_in_every_era()
    {
        var audited = EraSettings.All.Select(s => s.Member).Concat(EraSettings.SysctlsOfEveryEra).ToHashSet(StringComparer.Ordinal);
        var sysctls = typeof(VmSysctls).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{nameof(VmSysctls)}.{p.Name}");

        Assert.All(sysctls, name => Assert.Contains(name, audited));
    }

    [Fact]
    public void The_era_predicates_agree_with_the_table()
    {
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            Assert.Equal(era.HasTaggedWritepages(), EraSettings.TaggedWritepages.ExistsIn(era));
            Assert.Equal(era.HasCgroupWriteback(), EraSettings.CgroupWriteback.ExistsIn(era));
            Assert.Equal(era.HasWbcRange(), EraSettings.WbcRange.ExistsIn(era));
            Assert.Equal(era.HasRangeCyclic(), EraSettings.RangeCyclic.ExistsIn(era));
            Assert.Equal(era.HasPageTags(), EraSettings.PageTreeTags.ExistsIn(era));
            Assert.Equal(era.HasTruncateRange(), era >= KernelEra.V2_6_20);
        }
    }

    [Fact]
    public void The_list_era_names_dirty_ratio_dirty_async_ratio_and_later_eras_dirty_ratio()
    {
        Assert.Equal("vm.dirty_async_ratio", SysctlNames.Of(nameof(VmSysctls.DirtyRatio), KernelEra.V2_5));
        Assert.Equal("vm.dirty_ratio", SysctlNames.Of(nameof(VmSysctls.DirtyRatio), KernelEra.V2_6_20));
        Assert.Equal("vm.dirty_background_ratio", SysctlNames.Of(nameof(VmSysctls.DirtyBackgroundRatio), KernelEra.V2_5));
    }

    [Fact]
    public void Every_vm_sysctl_of_the_model_has_a_kernel_name_in_every_era()
    {
        var members = typeof(VmSysctls).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        Assert.All(members, member => Assert.All(Enum.GetValues<KernelEra>(), era => Assert.StartsWith("vm.", SysctlNames.Of(member, era), StringComparison.Ordinal)));
        Assert.Throws<ArgumentException>(() => SysctlNames.Of("NrToWrite", KernelEra.V6_9));
    }

    [Fact]
    public void Every_gated_setting_names_the_change_that_added_it_and_an_era_that_lacked_it()
    {
        Assert.All(EraSettings.All, setting =>
        {
            Assert.NotNull(setting.AddedBy);
            Assert.True(setting.FirstEra > KernelEra.V2_5, $"{setting.Name} is in every era: it belongs in the audit, not the table");
            Assert.Contains(setting.AddedBy!.Release, setting.Refusal(KernelEra.V2_5), StringComparison.Ordinal);
        });
    }
}
