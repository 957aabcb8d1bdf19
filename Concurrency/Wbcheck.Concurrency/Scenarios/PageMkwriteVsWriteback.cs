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
/// nothing (fixed by 79352894b285, which makes the fault wait for the page lock first). With
/// <paramref name="blockPageMkwrite"/> (block-page-mkwrite-vs-writeback) the filesystem has its own
/// -&gt;page_mkwrite (<see cref="SimpleFsOptions.BlockPageMkwrite"/>) in every era that has the
/// method: before b827e496c893 it dirties the page and returns it unlocked, and writeback may
/// clean and write the page before the fault's pte and its own set_page_dirty.
/// </summary>
public sealed class PageMkwriteVsWriteback(ScenarioOptions options, bool blockPageMkwrite = false) : RaceScenario(options)
{
    public const string ScenarioName = "page-mkwrite-vs-writeback";

    public const string BlockPageMkwriteName = "block-page-mkwrite-vs-writeback";

    public override string Name => blockPageMkwrite ? BlockPageMkwriteName : ScenarioName;

    public override string Description => blockPageMkwrite
        ? "a store and msync against writeback, through a filesystem's own page_mkwrite (block_page_mkwrite) that dirties the page and, before 2.6.30, returns it unlocked"
        : "a store and msync through a shared mapping against writeback write-protecting the page: the write fault (page_mkwrite) in the middle";

    /// <summary>A filesystem's own -&gt;page_mkwrite: 2.5.31 has none.</summary>
    public override bool AppliesTo(KernelEra era) => Needs?.ExistsIn(era) ?? true;

    public override EraSetting? Needs => blockPageMkwrite ? EraSettings.PageMkwrite : null;

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, new SimpleFsOptions { BlockPageMkwrite = blockPageMkwrite });
        var inode = kernel.CreateInode(1, fs);
        // With the filesystem's own ->page_mkwrite the page starts clean behind a read-only pte,
        // as a writeback leaves it: the flusher finds it dirty only once ->page_mkwrite has
        // dirtied it, so it meets the fault in the window between ->page_mkwrite and the fault's
        // own dirtying. Without, it starts dirty and stored to, and the flusher write-protects it.
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: !blockPageMkwrite);
        var vma = kernel.Memory.Mmap(inode, fs);
        kernel.Memory.MapPage(vma, page, stored: !blockPageMkwrite);
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
