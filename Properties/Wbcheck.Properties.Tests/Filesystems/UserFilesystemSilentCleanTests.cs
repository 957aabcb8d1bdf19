using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Filesystems;
using Wbcheck.Properties.Matrix;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Filesystems;

/// <summary>
/// docs/getting-started.md's broken filesystem (its -&gt;writepages unlocks each odd page clean
/// and unwritten) under the property a user runs for lost data: since no silent clean is
/// watched in every case, the property reports the page at the step its -&gt;writepages leaves
/// it clean, before the fsync's own check at its return would.
/// </summary>
public sealed class UserFilesystemSilentCleanTests(ITestOutputHelper output)
{
    [Fact]
    public void A_writepages_that_unlocks_a_page_unwritten_fails_the_lost_data_property_as_a_silent_clean()
    {
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            "NoLostDirtyData",
            FilesystemProperties.NoLostDirtyData(kernel => new OddPagesUnwrittenFs(kernel)),
            PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.Matches(@"no silent clean: page \d*[13579] of mapping of inode \d+ is clean, unlocked and not under writeback", failure.Message);
    }

    private sealed class OddPagesUnwrittenFs(Kernel kernel) : IWritebackFilesystem
    {
        public Kernel Kernel => kernel;

        public bool HasWritepages => true;

        public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
            kernel.PageWriteback.WriteCachePages(mapping, wbc, (page, pageWbc) =>
            {
                // Broken on purpose, as getting-started's: write_cache_pages cleared the odd
                // page's dirty bit and no I/O will carry its data.
                if (page.Index % 2 == 1)
                {
                    kernel.Filemap.FolioUnlock(page);
                    return ValueTask.FromResult(0);
                }

                return Writepage(page, pageWbc);
            });
    }
}
