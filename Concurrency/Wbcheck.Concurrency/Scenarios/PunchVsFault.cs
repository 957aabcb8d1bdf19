using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A hole punch against a read fault that reads the page in (docs/page-tables.md, "A fault that
/// reads a page in"). A file of one page, written to disk and not cached, mapped shared with no
/// pte; one thread loads from the page (the fault reads it in: page_cache_read, later
/// filemap_fault's __filemap_get_folio and filemap_read_folio), one punches it out (the
/// filesystem's fallocate: the page cache of the range truncated, then its blocks freed). A fault
/// that reads the page in between the two leaves it cached over the hole with the freed blocks'
/// data, and a read of the range gives that data, not zeros (on a real disk, whatever the blocks
/// hold once reused). The filesystem is of the ext4 kind (<see cref="SimpleFsOptions.Ext4MmapSem"/>):
/// nothing keeps them apart before 4.5, but ext4_punch_hole truncates the range a second time
/// after freeing the blocks (<see cref="Wbcheck.Model.TruncateEras.PunchTruncatesAgain"/>), so the
/// stale page lives only from the blocks' removal to that truncation (the invariant is checked at
/// every step, and breaks there); ext4's i_mmap_sem keeps them apart from ea3d7209ca01 (the 4.13
/// to 5.0 eras), the mapping's invalidate_lock from 730633f0b7f9 (5.15, the 6.9 era on). No
/// range truncation on 2.5.31 (<see cref="Needs"/>). <paramref name="ext4MmapSem"/> false: a
/// filesystem without ext4's own lock and without the second truncation, fixed only by
/// 730633f0b7f9, the stale page staying after the punch returns (a test's variant, not a row).
/// <paramref name="read"/>: punch-vs-read, read(2) in place of the fault (docs/eras.md section
/// 122): the buffered read reads the page in by readahead, which no lock held off a punch before
/// 730633f0b7f9 (5.15: the 6.9 era on holds), ext4's i_mmap_sem being the fault's only.
/// <paramref name="store"/>: punch-vs-store-fault (docs/eras.md section 129): the file's page is
/// a hole, and the other thread stores to it; the fault reads the page in (zeros) and the
/// filesystem's -&gt;page_mkwrite, block_page_mkwrite as ext4_page_mkwrite calls it, allocates its
/// block; between the punch's truncation and its ext4_ext_remove_space that block is freed under
/// the dirty page (<see cref="FreedBlockMapped"/>). Held off from 4.5 by ext4_filemap_fault's
/// i_mmap_sem on the read-in and ext4_page_mkwrite's on the allocation, from 5.15 by the
/// invalidate_lock in both.
/// </summary>
public sealed class PunchVsFault(ScenarioOptions options, bool ext4MmapSem = true, bool read = false, bool store = false) : RaceScenario(options)
{
    public const string ScenarioName = "punch-vs-fault";

    /// <summary>The same race with read(2) (<see cref="Wbcheck.Model.Mm.Filemap.FilemapRead"/>) in place of the fault.</summary>
    public const string ReadName = "punch-vs-read";

    /// <summary>The race with a store's fault, whose -&gt;page_mkwrite allocates the page's block, in place of the load's.</summary>
    public const string StoreName = "punch-vs-store-fault";

    /// <summary>
    /// The invariant, by its consequence: once the filesystem has freed a page's blocks, a read of
    /// the page gives zeros until it is written, so no clean uptodate page of the range holds
    /// another version than the hole's (0).
    /// </summary>
    public const string Invariant = "a punched range reads zeros";

    public override string Name => read ? ReadName : store ? StoreName : ScenarioName;

    /// <summary>A range truncation, which 2.5.31 has not (<see cref="EraSettings.TruncateRange"/>).</summary>
    public override bool AppliesTo(KernelEra era) => Needs.ExistsIn(era);

    public override EraSetting Needs => EraSettings.TruncateRange;

    public override string Description => read
        ? "read(2) reading its page in by readahead against a hole punch: a page read back in from blocks the punch frees"
        : store
            ? "a store's fault on a hole against a hole punch: ->page_mkwrite allocates the page's block, which the punch frees under the dirty page"
            : "a read fault reading its page in against a hole punch: a page read back in from blocks the punch frees";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        // A store's fault goes through ext4_page_mkwrite, which allocates with block_page_mkwrite.
        if (Options.CreateFilesystem(kernel, SimpleFsOptions.Default with { Ext4MmapSem = ext4MmapSem, BlockPageMkwrite = store }) is not SimpleFs fs)
        {
            throw new ArgumentException($"{ScenarioName} punches through SimpleFs.PunchHole: another filesystem has none");
        }

        var inode = kernel.CreateInode(1, fs);
        if (store)
        {
            // A hole (the disk's version 0): the store's ->page_mkwrite allocates its block.
            var vma = kernel.Memory.Mmap(inode, fs);
            setup.Runtime.Spawn("store", async () => await kernel.Memory.Store(vma, 0));
            setup.Runtime.Spawn("punch", async () => await fs.PunchHole(inode, 0, 0));
            return;
        }

        kernel.Device.SetStableVersion(inode, 0, 1);
        if (read)
        {
            // read(2): no mapping of the file at all.
            setup.Runtime.Spawn("read", async () => await kernel.Filemap.FilemapRead(inode.Mapping, 0));
        }
        else
        {
            var vma = kernel.Memory.Mmap(inode, fs);
            setup.Runtime.Spawn("fault", async () => await kernel.Memory.DoReadFault(vma, 0));
        }

        setup.Runtime.Spawn("punch", async () => await fs.PunchHole(inode, 0, 0));
    }

    /// <summary>
    /// Checked before "no silent clean", which the same step breaks (a clean page holding another
    /// version than the disk), but whose account of it, data newer than the disk that nothing will
    /// write, is not this bug: here the disk is a hole and the page's data is the old blocks'.
    /// </summary>
    protected override void AddFirstInvariants(Kernel kernel, ProgramSetup setup)
    {
        if (store)
        {
            // Checked when the punch frees the block, before the common invariants.
            kernel.Observers.Add(new FreedBlockMapped());
            return;
        }

        setup.AddStateInvariant(Invariant, () => Check(kernel));
    }

    /// <summary>The file's page over a hole, if it holds data the hole does not: a read of it is stale. The file is the scenario's only one, written everywhere before the punch.</summary>
    private static string? Check(Kernel kernel)
    {
        if (kernel.Inodes is not [var inode])
        {
            return null;
        }

        return kernel.Device.StableVersion(inode, 0) == 0 && inode.Mapping.Pages.Load(0) is { Uptodate: true, Dirty: false, Version: not 0 } page
            ? $"{page} of {inode} holds version {page.Version}, read from blocks the punch freed: a read of the punched range returns it, not zeros"
            : null;
    }
}
