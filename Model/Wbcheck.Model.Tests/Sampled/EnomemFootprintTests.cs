using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// SimpleFs's transient -ENOMEM (ext4_bio_write_page's failed bio or ioend allocation, the page
/// redirtied "for better luck next time"): a write that meets one uses it up, so the next write of
/// the page goes through. Which of two writers of the page gets the failure depends on their
/// order, so the step that uses one up must report writing the filesystem's state, or the
/// partial-order reduction may take two such steps for independent and run only one order.
/// </summary>
public sealed class EnomemFootprintTests
{
    [Fact]
    public void A_write_that_uses_up_a_transient_enomem_reports_writing_the_filesystems_state()
    {
        var world = new World(pages: 1, fs: new SimpleFsOptions { TransientEnomem = new Dictionary<long, int> { [0] = 1 } });
        var page = world.Page(0);
        var filesystemWrite = (AccessIds.Of(AccessIds.Subsystem.Filesystem) << 1) | 1;

        var result = 0;
        var accesses = RecordedAccesses.Of(() => result = world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            Assert.True(await world.Pw.ClearPageDirtyForIo(page));
            return await world.Fs.Writepage(page, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 });
        }));

        Assert.Equal(Errno.ENOMEM, result);
        Assert.True(page.Dirty, "the page is given back redirtied");
        Assert.Empty(world.Fs.FailingNow()); // the one failure is used up
        Assert.Contains(filesystemWrite, accesses);
    }
}
