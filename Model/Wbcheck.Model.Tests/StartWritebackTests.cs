using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

public sealed class StartWritebackTests
{
    [Theory]
    [InlineData(false, XaMark.Writeback)]
    [InlineData(true, XaMark.Writeback | XaMark.Towrite)]
    public void Starting_writeback_on_a_clean_page_clears_dirty_and_towrite_unless_keep_write(bool keepWrite, XaMark expected)
    {
        var world = new World(pages: 1);
        var page = world.Page(0);

        world.Run(async () =>
        {
            await world.Pw.TagPagesForWriteback(world.Mapping, 0, 0);
            Assert.Equal(XaMark.Dirty | XaMark.Towrite, world.Marks(0));
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page);
            await world.Pw.FolioStartWriteback(page, keepWrite);
            world.Filemap.FolioUnlock(page);
        });

        Assert.Equal(expected, world.Marks(0));
        Assert.True(page.Writeback);
        Assert.Equal(1, world.Kernel.Vmstat.NrWriteback);
    }

    [Fact]
    public void Starting_writeback_on_a_page_redirtied_meanwhile_keeps_the_dirty_tag()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page);
            page.Dirty = true; // redirtied through a mapping while locked
            world.Kernel.Vmstat.NrFileDirty++;
            await world.Pw.FolioStartWriteback(page);
            world.Filemap.FolioUnlock(page);
        });

        Assert.Equal(XaMark.Dirty | XaMark.Writeback, world.Marks(0));
        world.AssertInvariants();
    }

    [Fact]
    public void Ending_writeback_clears_flag_tag_and_count_and_puts_the_version_on_disk()
    {
        var world = new World(pages: 1);
        var version = world.Page(0).Version;
        world.Run(() => world.Filemap.FilemapFdatawriteRange(world.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.None));
        Assert.True(world.Page(0).Writeback);
        Assert.Equal(0, world.Kernel.Device.StableVersion(world.Inode, 0));

        world.CompleteAllIo();

        Assert.False(world.Page(0).Writeback);
        Assert.Equal(XaMark.None, world.Marks(0));
        Assert.Equal(0, world.Kernel.Vmstat.NrWriteback);
        Assert.Equal(version, world.Kernel.Device.StableVersion(world.Inode, 0));
        world.AssertInvariants();
    }

    [Fact]
    public void Starting_writeback_twice_is_a_kernel_bug()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);

        var bug = Assert.Throws<Diagnostics.KernelBugException>(() => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.FolioStartWriteback(page);
            await world.Pw.FolioStartWriteback(page);
        }));

        Assert.Contains("already under writeback", bug.Message);
    }
}
