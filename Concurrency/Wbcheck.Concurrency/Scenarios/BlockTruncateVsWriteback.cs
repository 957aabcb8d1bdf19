using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// truncate(2) into the middle of page 1 through the filesystem's -&gt;setattr, against the
/// flusher. Page 1 is on the disk but not cached, so the filesystem's block truncate reads it
/// in, zeroes it past the new EOF and dirties it; page 0 is dirty. Where the era does the block
/// truncate (before setting i_size from the 2.6.36 era, after truncating the page cache before),
/// the flusher may write page 1 in the windows. When the truncate returns, the block's bytes past
/// EOF must be zero on the disk or on their way there (EofBlockZeroedOnDisk): with the old i_size
/// still set, only block_truncate_page's own zeroing keeps them off the disk, and only its
/// dirtying takes the zeros there at all.
/// </summary>
public sealed class BlockTruncateVsWriteback(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "block-truncate-vs-writeback";

    /// <summary>Where the new EOF falls in page 1.</summary>
    public const int NewEofInPage = 512;

    public override string Name => ScenarioName;

    public override string Description => "truncate into the middle of an uncached block through ->setattr (block_truncate_page) against writeback: the block reaches the disk zeroed past EOF";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var zeroed = new EofBlockZeroedOnDisk();
        kernel.Observers.Add(zeroed);

        setup.Runtime.Spawn("truncate", async () =>
        {
            await fs.SetattrSize(inode, Page.PageSize + NewEofInPage);
            zeroed.Check(inode);
        });
        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
    }
}
