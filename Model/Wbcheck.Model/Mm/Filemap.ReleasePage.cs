using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// Giving up a page's private data (its buffer heads) so that the page can be freed: what reclaim
/// asks of a page with buffers before it takes the page out of its mapping.
/// </summary>
public sealed partial class Filemap
{
    /// <summary>
    /// try_to_release_page (filemap_release_folio from 5.19): for a locked page with buffers, not
    /// under writeback (false then: its buffers are in flight), the mapping's -&gt;releasepage
    /// decides, handed <paramref name="gfpMask"/>, which says how hard it may try; a mapping
    /// without one has the buffers freed by <see cref="TryToFreeBuffers"/>. True when the page no
    /// longer has buffers.
    /// </summary>
    [Models("mm/filemap.c", "try_to_release_page", "2.6.20")]
    [Models("mm/filemap.c", "try_to_release_page", "4.19")]
    [Models("mm/filemap.c", "filemap_release_folio", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> TryToReleasePage(Page page, Gfp gfpMask)
    {
        Bug.On(!page.Locked, kernel.Names.TryToReleasePage, $"{page} is not locked");
        if (page.Writeback)
        {
            return false;
        }

        var mapping = page.Mapping;
        return mapping is not null && mapping.Operations.HasReleasepage
            ? await mapping.Operations.Releasepage(page, gfpMask)
            : TryToFreeBuffers(page);
    }

    /// <summary>
    /// try_to_free_buffers: drop the page's buffers if none is busy (dirty, locked, or held by a
    /// journal: drop_buffers' buffer_busy, the journal's reference counted in b_count). A page
    /// whose buffers stay keeps them all.
    /// </summary>
    [Models("fs/buffer.c", "try_to_free_buffers (drop_buffers, buffer_busy)", "2.6.20")]
    [Models("fs/buffer.c", "try_to_free_buffers (drop_buffers, buffer_busy)", "6.9")]
    public static bool TryToFreeBuffers(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Buffers is not { } buffers)
        {
            return true;
        }

        if (buffers.Any(bh => (bh.State & (BufferState.Dirty | BufferState.Locked | BufferState.Jbd)) != 0))
        {
            return false;
        }

        page.Buffers = null;
        return true;
    }
}
