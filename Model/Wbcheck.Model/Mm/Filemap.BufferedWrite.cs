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
    /// </summary>
    [Models("mm/filemap.c", "generic_file_buffered_write", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask GenericFileBufferedWrite(OpenFile file, long firstIndex, long count)
    {
        for (var index = firstIndex; index < firstIndex + count; index++)
        {
            // A page that could not be written ends the write (short, or the error).
            if (await GenericPerformWrite(file, index) < 0)
            {
                return;
            }

            await kernel.Throttle.BalanceDirtyPagesRatelimited(file.Mapping);
            await CondResched(new StepLabel("generic_file_buffered_write", index));
        }
    }
}
