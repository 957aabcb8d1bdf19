using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// tagged_writepages, era by era (docs/audit.md): the field came with 6e6938b6d313 (3.1), so the
/// 2.6.36 era (first release 2.6.36) and the eras before it have no such pass and refuse one; from
/// the 3.19 era a WB_SYNC_NONE pass with it tags TOWRITE first and writes what it tagged.
/// </summary>
public sealed class TaggedWritepagesEraTests
{
    private static WritebackControl TaggedBackgroundPass() =>
        new() { SyncMode = WritebackSyncMode.None, NrToWrite = 16, TaggedWritepages = true, RangeEnd = WritebackControl.LLongMax };

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_1_a_tagged_pass_is_refused(KernelEra era)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });

        var refused = Assert.Throws<KernelConfigException>(() =>
            world.Run(() => world.Kernel.PageWriteback.DoWritepages(world.Mapping, TaggedBackgroundPass())));

        Assert.Contains("writeback_control.tagged_writepages is from 3.1 (6e6938b6d313", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"the {era.Info().Version} era's kernel has no such field", refused.Message, StringComparison.Ordinal);
        Assert.True(world.Page(0).Dirty && world.Page(1).Dirty);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_1_a_tagged_background_pass_writes_what_it_tagged(KernelEra era)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });

        world.Run(() => world.Kernel.PageWriteback.DoWritepages(world.Mapping, TaggedBackgroundPass()));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.Equal((XaMark)0, world.Marks(0) & XaMark.Towrite);
    }
}
