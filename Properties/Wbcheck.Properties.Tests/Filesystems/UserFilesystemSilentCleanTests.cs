using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Filesystems;
using Wbcheck.Properties.Matrix;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Filesystems;

/// <summary>
/// docs/getting-started.md's broken filesystem, compiled from the page's own file (its
/// -&gt;writepages unlocks each odd page clean and unwritten) under the property a user runs for lost data: since no silent clean is
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
            FilesystemProperties.NoLostDirtyData(MyFilesystemChecks.MyFilesystem.Mount),
            PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.Matches(@"no silent clean: page \d*[13579] of mapping of inode \d+ is clean, unlocked and not under writeback", failure.Message);
    }
}
