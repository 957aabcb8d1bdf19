using System.Collections.Immutable;
using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// Records every writeback pass: what it found at its start (the pages whose writes fail then
/// among it: a transient -ENOMEM counts only while it lasts), each page it handed to
/// -&gt;writepage (told by <see cref="RecordingOperations"/>), and how it ended. Passes of
/// different threads may overlap; each thread has at most one open pass. <see cref="PassEnded"/>,
/// when set, sees each pass as it ends, and may throw to fail the run right there.
/// </summary>
public sealed class PassRecorder(Kernel kernel, IReadOnlyDictionary<AddressSpace, (int File, Func<IReadOnlyDictionary<long, int>> Failing)> files) : IKernelObserver
{
    private readonly Dictionary<ModelThread, (PassStart Start, List<(long, int)> Written)> open = [];
    private readonly List<PassRecord> passes = [];

    public IReadOnlyList<PassRecord> Passes => passes;

    public Action<PassRecord>? PassEnded { get; set; }

    /// <summary>When set, sees each page handed to -&gt;writepage, on the writing thread, and may throw to fail the run there.</summary>
    public Action<Page>? WritepageCalled { get; set; }

    public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc)
    {
        var (file, failing) = files[mapping];
        var pages = ImmutableArray.CreateBuilder<PageAtStart>();
        var tree = mapping.Pages;
        for (var index = tree.FindNext(0, long.MaxValue, XaMark.None); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.None))
        {
            var page = tree.Load(index)!;
            pages.Add(new PageAtStart(index, page.Dirty, page.Writeback, tree.Marks(index)));
        }

        var start = new PassStart(
            file,
            wbc.SyncMode == WritebackSyncMode.All,
            wbc.RangeCyclic,
            wbc.TaggedWritepages,
            wbc.RangeStart >> WritebackControl.PageShift,
            wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift,
            wbc.NrToWrite,
            mapping.WritebackIndex,
            mapping.Host.SizePages,
            pages.ToImmutable(),
            failing().ToImmutableDictionary());
        open[kernel.Runtime.Current] = (start, []);
    }

    /// <summary>The current thread's -&gt;writepage of <paramref name="page"/> returned <paramref name="result"/>.</summary>
    public void Writepage(Page page, int result)
    {
        WritepageCalled?.Invoke(page);
        if (open.TryGetValue(kernel.Runtime.Current, out var pass))
        {
            pass.Written.Add((page.Index, result));
        }
    }

    void IKernelObserver.WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result)
    {
        var thread = kernel.Runtime.Current;
        if (!open.Remove(thread, out var pass))
        {
            return;
        }

        var record = new PassRecord(thread.ToString(), pass.Start, [.. pass.Written], result, wbc.NrToWrite, mapping.WritebackIndex);
        passes.Add(record);
        PassEnded?.Invoke(record);
    }
}
