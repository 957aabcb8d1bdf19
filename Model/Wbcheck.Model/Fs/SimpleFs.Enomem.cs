using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class SimpleFs
{
    /// <summary>How many more writes of each page of <see cref="SimpleFsOptions.TransientEnomem"/> fail for want of memory.</summary>
    private Dictionary<long, int>? enomemLeft;

    /// <summary>
    /// The pages a write of which fails now, with the error: <see cref="SimpleFsOptions.FailingPages"/>
    /// always, and a page of <see cref="SimpleFsOptions.TransientEnomem"/> with -ENOMEM while it
    /// has failures left.
    /// </summary>
    public IReadOnlyDictionary<long, int> FailingNow()
    {
        var failing = Options.FailingPages.ToDictionary(page => page, Options.WritepageError);
        foreach (var (page, left) in EnomemLeft)
        {
            if (left > 0 && !failing.ContainsKey(page))
            {
                failing[page] = Errno.ENOMEM;
            }
        }

        return failing;
    }

    private Dictionary<long, int> EnomemLeft => enomemLeft ??= new Dictionary<long, int>(Options.TransientEnomem);

    /// <summary>
    /// Whether this write of <paramref name="page"/> fails for want of memory (an allocation the
    /// filesystem makes to write it, a bio or an ioend, failed without __GFP_NOFAIL): it counts
    /// one of the page's failures.
    /// </summary>
    private bool OutOfMemoryFor(Page page)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        if (!EnomemLeft.TryGetValue(page.Index, out var left) || left == 0)
        {
            return false;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        EnomemLeft[page.Index] = left - 1;
        return true;
    }

    /// <summary>
    /// Give the page back unwritten: redirty it (clear_page_dirty_for_io cleaned it) and unlock
    /// it, and return -ENOMEM, as ext4_bio_write_page does when it cannot add a buffer to a bio
    /// ("We only get here on ENOMEM. Not much else we can do but mark the page as dirty, and
    /// better luck next time").
    /// </summary>
    [Models("fs/ext4/page-io.c", "ext4_bio_write_page (the -ENOMEM path: redirty_page_for_writepage)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> FailForMemory(Page page, WritebackControl wbc)
    {
        if (!kernel.Faults.SimpleFsForgetsRedirtyOnEnomem)
        {
            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
        }

        kernel.Filemap.FolioUnlock(page);
        return Errno.ENOMEM;
    }
}
