using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// balance_dirty_pages returns only under the dirty threshold or after writing its chunk, and
/// leaves dirty_exceeded set exactly when it returned over the threshold. Checked on the state
/// it returns to: the sequential executor runs nothing between its last look and its return.
/// </summary>
public static class BalanceDirtyPagesProperty
{
    public const string Name = "balance_dirty_pages returns only under the threshold or after writing its chunk";

    /// <summary>Model time after which a call still looping is reported instead of hanging the test.</summary>
    private const long WatchdogSeconds = 60;

    public static Property For(Faults faults) => Prop.ForAll(BalanceCase.Arbitrary, c =>
    {
        var violation = Check(c, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>What <paramref name="c"/> shows wrong, or null.</summary>
    public static string? Check(BalanceCase c, Faults faults)
    {
        var (kernel, runtime) = ThrottleKernels.Boot(c.Machine, c.Sysctls, faults, c.Era);
        var throttle = kernel.Throttle;
        throttle.SetMappedMemory(c.FileMapped, c.AnonPages);
        throttle.SetUnstableNfs(c.UnstableNfs);
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var mappings = c.Files.Select(file => Populate(kernel, runtime, fs, file)).ToList();
        ThrottleKernels.ArmWatchdog(kernel, WatchdogSeconds, "balance_dirty_pages still looping");

        var writeChunk = throttle.SyncWritebackPages();
        var submitted = kernel.Device.SubmittedCount;
        try
        {
            ThrottleKernels.RunAs(runtime, kernel, c.Task, () => throttle.BalanceDirtyPages(mappings[0]));
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }

        // With ->writepage every bio is one page.
        var written = kernel.Device.SubmittedCount - submitted;
        var threshold = throttle.GetDirtyLimits(mappings[0], c.Task).Dirty;
        var vmstat = kernel.Vmstat;
        var total = vmstat.NrFileDirty + vmstat.NrUnstableNfs + vmstat.NrWriteback;
        var over = total > threshold;
        return over && written < writeChunk
                ? $"returned with {total} dirty, unstable and writeback page(s), over its threshold of {threshold}, after writing {written} of its {writeChunk}-page chunk"
            : throttle.DirtyExceeded != over
                ? $"returned {(over ? "over" : "under")} the threshold ({total} of {threshold}) with dirty_exceeded {(throttle.DirtyExceeded ? "set" : "clear")}"
            : null;
    }

    /// <summary>Build one file's page cache as <paramref name="file"/> describes, through the model's own operations.</summary>
    private static AddressSpace Populate(Kernel kernel, Model.Runtime.SequentialRuntime runtime, SimpleFs fs, BalanceFile file)
    {
        var inode = kernel.CreateInode(0, fs);
        var mapping = inode.Mapping;
        for (var index = 0; index < file.Dirty; index++)
        {
            kernel.Filemap.AddCachedPage(mapping, index, dirty: true);
        }

        if (file.Writeback > 0)
        {
            var open = kernel.Open(inode);
            runtime.Run("set-up", async () =>
            {
                await kernel.PageWriteback.DoWritepages(mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = file.Writeback });
                for (var index = 0; index < file.Redirtied; index++)
                {
                    await kernel.Filemap.GenericPerformWrite(open, index);
                }
            });
        }

        return mapping;
    }
}
