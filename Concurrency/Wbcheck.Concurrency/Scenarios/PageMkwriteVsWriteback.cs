using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A thread stores through a shared mapping and then msyncs it (MS_SYNC), while the flusher
/// writes the page. The flusher's clear_page_dirty_for_io write-protects the pte, so the store
/// may take the write fault (-&gt;page_mkwrite where the vm_ops have one, then the fault's own
/// dirtying) in the middle of it. msync must leave the stored data on disk. In 2.6.20 the fault
/// could install its writable pte between page_mkclean and TestClearPageDirty and dirty the page
/// before the flag was cleared: the page ended clean with a writable pte, and msync wrote
/// nothing (fixed by 79352894b285, which makes the fault wait for the page lock first).
/// </summary>
public sealed class PageMkwriteVsWriteback(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "page-mkwrite-vs-writeback";

    public override string Name => ScenarioName;

    public override string Description => "a store and msync through a shared mapping against writeback write-protecting the page: the write fault (page_mkwrite) in the middle";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var vma = kernel.Memory.Mmap(inode, fs);
        kernel.Memory.MapPage(vma, page, stored: true);
        var file = kernel.Open(inode);

        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("mmap writer", async () =>
        {
            await kernel.Memory.Store(vma, 0);

            // msync(MS_SYNC): the pte walk of 2.5, then fsync.
            await kernel.Memory.Msync(vma, 0, long.MaxValue);
            await fs.Fsync(file, 0, WritebackControl.LLongMax);
        });
    }
}
