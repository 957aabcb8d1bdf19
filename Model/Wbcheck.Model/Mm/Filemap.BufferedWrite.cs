using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// write(2) of <paramref name="count"/> whole pages from <paramref name="firstIndex"/>: each
    /// page is written as <see cref="GenericPerformWrite"/> does, then the writer is throttled
    /// (balance_dirty_pages_ratelimited) and may be rescheduled. This is the dirtier of the
    /// throttling scenarios; <see cref="GenericPerformWrite"/> alone dirties without throttling.
    /// The task's current-&gt;backing_dev_info is the disk's for the whole write
    /// (<see cref="CurrentBackingDevInfo"/>).
    /// </summary>
    [Models("mm/filemap.c", "generic_file_buffered_write", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask GenericFileBufferedWrite(OpenFile file, long firstIndex, long count)
    {
        // __generic_file_aio_write_nolock's "We can write back this queue in page reclaim", set
        // around the whole buffered write and cleared when it returns.
        SetCurrentBackingDevInfo(kernel.BackingDev);
        for (var index = firstIndex; index < firstIndex + count; index++)
        {
            // A page that could not be written ends the write (short, or the error).
            if (await GenericPerformWrite(file, index) < 0)
            {
                break;
            }

            await kernel.Throttle.BalanceDirtyPagesRatelimited(file.Mapping);
            await CondResched(new StepLabel(kernel.Names.GenericFileBufferedWrite, index));
        }

        SetCurrentBackingDevInfo(null);
    }
}
