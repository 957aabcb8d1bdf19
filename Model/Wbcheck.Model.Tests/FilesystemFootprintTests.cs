using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// SimpleFs's footprint (Model/Runtime/AccessLog): a step that changes the filesystem's own state
/// must report a write of it, or the partial-order reduction may take it for independent of
/// another filesystem step and never run the two the other way round.
/// </summary>
public sealed class FilesystemFootprintTests
{
    [Fact]
    public void A_first_write_in_part_reports_writing_the_filesystems_state()
    {
        // The first write of a page of PartialPages is the partial one, and uses that up: the next
        // write of the page is whole. Which writer gets the partial write depends on their order.
        var world = new World(pages: 2, fs: new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } });
        var page = world.Page(1);
        var filesystemWrite = (AccessIds.Of(AccessIds.Subsystem.Filesystem) << 1) | 1;

        var accesses = RecordedAccesses.Of(() => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            Assert.True(await world.Pw.ClearPageDirtyForIo(page));
            return await world.Fs.Writepage(page, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 });
        }));

        Assert.True(page.Dirty, "a page written in part stays dirty");
        Assert.Contains(filesystemWrite, accesses);
    }
}
