using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No block wholly past i_size is written: a filesystem starts writeback only on pages that
/// begin inside the file, as it checks i_size under the page lock (block_write_full_page's "the
/// page is entirely outside i_size"). A page past EOF is truncate's to remove; writing it would
/// put data, or allocate blocks, past the end of the file. Checked as each write starts, where
/// the filesystem has just looked at i_size (truncate lowering i_size afterwards is its own race,
/// which truncate's wait for writeback settles).
/// </summary>
public sealed class WritePastEof : IKernelObserver
{
    public const string Name = "no write wholly past i_size";

    public void PageWriteStarting(Page page, WritebackControl wbc)
    {
        if (page.Mapping is { } mapping && page.Index >= mapping.Host.SizePages)
        {
            throw new InvariantViolationException(Name,
                $"{page} of {mapping.Host} starts writeback wholly past i_size ({mapping.Host.SizePages} pages)");
        }
    }
}
