using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// From 4.12 a filesystem allocating under its journal handle opens a GFP_NOFS scope around the
/// allocation and closes it after (memalloc_nofs_save / memalloc_nofs_restore, as ext4's and
/// jbd2's handles do) [R]: once the write is done, the task's later allocations may enter the
/// filesystem again. <see cref="SimpleFsOptions.JournalledWriteBegin"/>, 4.13 and 6.9: after a
/// write of a new page, current_gfp_context leaves GFP_KERNEL as it is.
/// </summary>
public sealed class JournalNofsScopeRestoredTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void The_write_begins_scope_is_closed_when_the_page_is_had(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { JournalledWriteBegin = true });
        var file = world.Kernel.Open(world.Inode);
        var context = Gfp.NoFs;

        world.Run(async () =>
        {
            await world.Filemap.GenericPerformWrite(file, 1);
            context = world.Kernel.PageAlloc.CurrentGfpContext(Gfp.Kernel);
        });

        Assert.NotNull(world.Mapping.Pages.Load(1));
        Assert.Equal(Gfp.Kernel, context);
    }
}
