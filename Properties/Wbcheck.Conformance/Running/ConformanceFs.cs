using System.Collections.Immutable;
using Wbcheck.Conformance.Cases;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Running;

/// <summary>
/// The model's side of the shim's filesystem: -&gt;writepage does with each page what the case
/// says, with the model's own helpers, and tells the recorder as the shim does.
/// </summary>
internal sealed class ConformanceFs(Kernel kernel, ModelRecorder recorder, ImmutableDictionary<long, FsAction> actions) : IAddressSpaceOperations
{
    public bool HasWritepages => false;

    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        var action = actions.GetValueOrDefault(page.Index);
        recorder.Anchor($"->writepage {page.Index}");
        var result = 0;
        switch (action)
        {
            case FsAction.WriteAsync:
            case FsAction.WriteSync:
                await kernel.PageWriteback.FolioStartWriteback(page);
                kernel.Filemap.FolioUnlock(page);
                if (action == FsAction.WriteSync)
                {
                    kernel.Filemap.FolioEndWriteback(page);
                }
                else
                {
                    QueueCompletion(page);
                }

                break;
            case FsAction.Redirty:
                await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
                kernel.Filemap.FolioUnlock(page);
                break;
            case FsAction.Activate:
                await kernel.PageWriteback.FilemapDirtyFolio(page.Mapping!, page);
                result = Errno.AOP_WRITEPAGE_ACTIVATE;
                break;
            case FsAction.Eio:
            case FsAction.Enospc:
                page.Error = true;
                kernel.Filemap.FolioUnlock(page);
                result = action == FsAction.Eio ? Errno.EIO : Errno.ENOSPC;
                break;
        }

        recorder.Anchor($"->writepage {page.Index} returns {result}");
        return result;
    }

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
        throw new InvalidOperationException("the conformance filesystem has only ->writepage");

    /// <summary>Another thread, run when someone waits: the page's I/O completes.</summary>
    public void QueueCompletion(Page page) =>
        kernel.Runtime.Spawn($"I/O completion of page {page.Index}", () =>
        {
            recorder.Anchor($"I/O completes on page {page.Index}");
            kernel.Filemap.FolioEndWriteback(page);
            return Task.CompletedTask;
        });

    /// <summary>Another thread, run when someone waits: the holder of the page's lock lets it go.</summary>
    public void QueueUnlock(Page page) =>
        kernel.Runtime.Spawn($"holder of page {page.Index}", () =>
        {
            recorder.Anchor($"another holder unlocks page {page.Index}");
            kernel.Filemap.FolioUnlock(page);
            return Task.CompletedTask;
        });
}
