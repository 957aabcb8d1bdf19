using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A store through a shared mapping while the flusher writes the page, on a device that needs
/// stable pages (it checksums data in flight). Where writeback write-protects the pte and the
/// write fault waits for the page's writeback (wait_for_stable_page, 3.9+; the waits came in
/// 3.0), the store lands before the I/O takes the data or after it completes. Before, it lands
/// in the middle: in 2.5 the pte is never write-protected, and from 2.6.19 to 2.6.x the fault
/// makes it writable again without waiting.
/// </summary>
public sealed class MmapStoreVsWriteback(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "mmap-store-vs-writeback";

    public override string Name => ScenarioName;

    public override string Description => "a store through a shared mapping against writeback of the page on a device that needs stable pages";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        kernel.BackingDev.StableWrites = true;
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var vma = kernel.Memory.Mmap(inode, fs);
        kernel.Memory.MapPage(vma, page, stored: true);

        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("mmap writer", async () => await kernel.Memory.Store(vma, 0));
    }
}
