using FsCheck;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Generation;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Filesystems;

/// <summary>
/// Every invariant property of writeback, on a user's filesystem model: random sequences of
/// writes, mapped writes, writeback passes, fsyncs, truncates, reclaim and I/O completions (some
/// failing) run on the current kernel era, with every file on the filesystem
/// <c>mount</c> makes, each invariant checked after every step. FsCheck shrinks a failing case
/// to a minimal command sequence. Return them from an FsCheck.Xunit <c>[Property]</c> method.
/// </summary>
public static class FilesystemProperties
{
    /// <summary>After every step, each page's DIRTY and WRITEBACK tags agree with its flags.</summary>
    public static Property TagFlagCoherence(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.Coherence, WritebackProperties.DirtyingMix);

    /// <summary>After every step, the dirty and writeback counters equal the pages so flagged.</summary>
    public static Property Accounting(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.Accounting, WritebackProperties.DirtyingMix);

    /// <summary>After every step, data newer than the disk's is dirty or under writeback: no page is cleaned without being written.</summary>
    public static Property NoSilentClean(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.None, WritebackProperties.TruncateReclaimMix);

    /// <summary>fsync returns success only when every page dirty when it began is on the disk.</summary>
    public static Property NoLostDirtyData(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.Integrity, WritebackProperties.IntegrityMix);

    /// <summary>Page locks are taken in ascending index order within a file, and never while holding one of a higher index.</summary>
    public static Property AscendingLockOrder(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.LockOrder, WritebackProperties.LockOrderMix);

    /// <summary>Truncate never removes a page under writeback or dirty-accounted; reclaim never frees a dirty or locked page.</summary>
    public static Property TruncateAndReclaimSafety(Func<Kernel, IWritebackFilesystem> mount) =>
        Watching(mount, Watched.TruncateReclaim, WritebackProperties.TruncateReclaimMix);

    private static Property Watching(Func<Kernel, IWritebackFilesystem> mount, Watched watched, CommandMix mix)
    {
        ArgumentNullException.ThrowIfNull(mount);

        // The model's failing ->writepage is SimpleFs's: a user's filesystem fails only through I/O errors.
        return WritebackProperties.Check(
            mix with { FailingPage = 0 },
            WritebackProperties.Options(KernelEras.Current, Faults.None) with { Watched = watched, Filesystem = mount },
            prepare: null,
            onFailure: null);
    }
}
