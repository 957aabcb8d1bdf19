using System.Collections.Immutable;
using System.Globalization;
using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Conformance.Running;

/// <summary>
/// Runs a case through the model's write_cache_pages of an era (2.6.20: its generic_writepages;
/// 6.9: the wrapper around writeback_iter), with that era's pagevec or folio batch size, on a
/// sequential runtime that, when the pass would sleep, runs the other threads in the order the
/// shim runs them: each locked page's holder unlocks it, then each page under writeback
/// completes, by index, then the completions -&gt;writepage queued, in order.
/// </summary>
public static class WritepagesModel
{
    public static IReadOnlyList<Anchor> Run(WritepagesCase c, KernelEra era = KernelEra.V2_6_20)
    {
        var (kernel, runtime, mapping, fs, recorder) = Build(c, era);
        var wbc = new WritebackControl
        {
            SyncMode = c.SyncAll ? WritebackSyncMode.All : WritebackSyncMode.None,
            NrToWrite = c.NrToWrite,
            RangeStart = c.RangeStart,
            RangeEnd = c.RangeEnd,
            RangeCyclic = c.RangeCyclic,
            Nonblocking = c.Nonblocking,
        };

        kernel.Observers.Add(recorder);
        recorder.Anchor("start");
        try
        {
            var result = 0;
            runtime.Run("generic_writepages", async () => result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, fs.Writepage));
            recorder.Anchor(string.Create(CultureInfo.InvariantCulture,
                $"return {result} nr_to_write {wbc.NrToWrite} writeback_index {mapping.WritebackIndex} pages_skipped {wbc.PagesSkipped} encountered_congestion {(wbc.EncounteredCongestion ? 1 : 0)}"));
        }
        catch (WouldBlockException blocked)
        {
            var what = blocked.Queue.Name.StartsWith("PG_locked", StringComparison.Ordinal) ? "lock_page" : "wait_on_page_writeback";
            recorder.Anchor(string.Create(CultureInfo.InvariantCulture, $"would block: {what} page {blocked.Label.Arg} with nothing left to run"));
        }
        catch (KernelBugException bug)
        {
            recorder.Anchor($"BUG in the model: {bug.Message}");
        }

        return recorder.Anchors;
    }

    /// <summary>The model's world for a case: its page cache, filesystem, pending threads and recorder (not yet observing).</summary>
    internal static (Kernel Kernel, SequentialRuntime Runtime, AddressSpace Mapping, ConformanceFs Fs, ModelRecorder Recorder) Build(WritepagesCase c, KernelEra era)
    {
        ArgumentNullException.ThrowIfNull(c);
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, BatchSize = era.AtLeast(KernelEra.V6_9) ? 31 : 14 });
        var actions = c.Pages.ToImmutableDictionary(p => (long)p.Index, p => p.Action);
        var fs = new ConformanceFsHolder();
        var inode = kernel.CreateInode(WritepagesCaseGenerator.LargestIndex + 1, fs);
        var mapping = inode.Mapping;
        var recorder = new ModelRecorder(kernel, mapping);
        fs.Inner = new ConformanceFs(kernel, recorder, actions);
        mapping.WritebackIndex = c.WritebackIndex;
        foreach (var p in c.Pages)
        {
            var page = new Page(p.Index, mapping, 1)
            {
                Locked = p.Locked,
                Dirty = p.Dirty,
                Writeback = p.Writeback,
                Error = p.Error,
                Uptodate = p.Uptodate,
            };
            mapping.Pages.Store(p.Index, page);
            if (p.TagDirty)
            {
                mapping.Pages.SetMark(p.Index, XaMark.Dirty);
            }

            if (p.TagWriteback)
            {
                mapping.Pages.SetMark(p.Index, XaMark.Writeback);
            }

            kernel.Vmstat.NrFileDirty += p.Dirty ? 1 : 0;
            kernel.Vmstat.NrWriteback += p.Writeback ? 1 : 0;
        }

        foreach (var p in c.Pages.Where(p => p.Locked).OrderBy(p => p.Index))
        {
            fs.Inner.QueueUnlock(mapping.Pages.Load(p.Index)!);
        }

        foreach (var p in c.Pages.Where(p => p.Writeback).OrderBy(p => p.Index))
        {
            fs.Inner.QueueCompletion(mapping.Pages.Load(p.Index)!);
        }

        return (kernel, runtime, mapping, fs.Inner, recorder);
    }

    /// <summary>The inode needs its operations before the recorder, which needs the inode's mapping, exists.</summary>
    private sealed class ConformanceFsHolder : IAddressSpaceOperations
    {
        public ConformanceFs Inner { get; set; } = null!;

        public bool HasWritepages => false;

        public ValueTask<int> Writepage(Page page, WritebackControl wbc) => Inner.Writepage(page, wbc);

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => Inner.Writepages(mapping, wbc);
    }
}
