using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// An IOCB_NOWAIT buffered write of one whole page (io_uring's first, non-blocking attempt),
    /// as an iomap filesystem (XFS) does it in the 6.9 era: the inode lock only if it is free
    /// (xfs_ilock_iocb's trylock, else -EAGAIN), then iomap_write_iter's loop, which throttles
    /// before it copies each chunk, with BDP_ASYNC: a throttle that would sleep returns -EAGAIN
    /// and nothing is written (the write returns written ? written : status). io_uring then
    /// punts the write to a worker that repeats it without IOCB_NOWAIT. Returns the version
    /// the write gave the page, or -EAGAIN. The copy itself is <see cref="GenericPerformWrite"/>
    /// (the model's write_begin/write_end): an abstraction, since iomap_write_begin with
    /// FGP_NOWAIT would not wait for the page lock either.
    /// </summary>
    [Models("fs/xfs/xfs_file.c", "xfs_file_buffered_write (IOCB_NOWAIT)", "6.9")]
    [Models("fs/iomap/buffered-io.c", "iomap_write_iter", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<long> IomapBufferedWriteNowait(OpenFile file, long index)
    {
        if (kernel.Era.Before(KernelEra.V6_9))
        {
            throw new InvalidOperationException($"IOCB_NOWAIT buffered writes throttle with BDP_ASYNC from 6.0; the {kernel.Era.Info().Version} era has no such write");
        }

        var inode = file.Inode;
        await kernel.Runtime.Schedule(PointKind.Lock, new StepLabel("xfs_ilock_nowait", inode.Ino));
        if (inode.Sem.Holder is not null)
        {
            return Errno.EAGAIN;
        }

        inode.Sem.Holder = kernel.Runtime.Current;
        int status;
        using (kernel.Throttle.EnterNowaitWrite())
        {
            status = await kernel.Throttle.BalanceDirtyPagesRatelimitedFlags(file.Mapping, BdpFlags.Async);
        }

        var result = status != 0 ? status : await GenericPerformWrite(file, index);
        kernel.Vfs.InodeUnlock(inode);
        return result;
    }
}
