using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model;

/// <summary>
/// The one rule for a setting an era's kernel did not have: the model refuses it
/// (<see cref="KernelConfigException"/>, naming the setting, the era and the change that added
/// it), rather than honour it as a later kernel would or ignore it. This is the table of the
/// settings the rule gates, each with the first of the model's eras whose kernel had it; the
/// knobs every modelled era had, and those that are not kernel settings, are listed with their
/// reasons in docs/eras.md section 17. Settings given at boot are checked once, when the kernel
/// is built (<see cref="Check(KernelConfig)"/>); a field or capability set later is checked
/// where it is set, through its row here.
/// </summary>
public static class EraSettings
{
    /// <summary>
    /// vm.laptop_mode: Bart Samwel's laptop mode, an -mm patch before git, in 2.6.6 [R] (the
    /// release is recalled, docs/eras.md section 14). The list era (2.5.31) had no such sysctl.
    /// </summary>
    public static EraSetting LaptopMode { get; } = new(
        "vm.laptop_mode", "sysctl", $"{nameof(VmSysctls)}.{nameof(VmSysctls.LaptopMode)}", KernelEra.V2_6_20,
        new KernelCommit("laptop-mode", "laptop mode: keep the disk spun down, writing back in bursts", "2.6.6") { PreGit = true },
        "[R] release recalled");

    /// <summary>
    /// vm.highmem_is_dirtyable: 195cf453d2c3 ("mm/page-writeback: highmem_is_dirtyable option"),
    /// 2.6.26 [V id, R release]. The 2.6.20 era's get_dirty_limits has no such knob.
    /// </summary>
    public static EraSetting HighmemIsDirtyable { get; } = new(
        "vm.highmem_is_dirtyable", "sysctl", $"{nameof(VmSysctls)}.{nameof(VmSysctls.HighmemIsDirtyable)}", KernelEra.V2_6_29,
        new KernelCommit("195cf453d2c3", "mm/page-writeback: highmem_is_dirtyable option", "2.6.26"),
        "[V] id (Michal Hocko on linux-mm); [R] release");

    /// <summary>
    /// writeback_control.tagged_writepages: 6e6938b6d313 ("writeback: introduce
    /// .tagged_writepages for the WB_SYNC_NONE sync stage"), 3.1 [V] (docs/eras.md section 15).
    /// </summary>
    public static EraSetting TaggedWritepages { get; } = new(
        "writeback_control.tagged_writepages", "field", "WritebackControl.TaggedWritepages", KernelEra.V3_19,
        new KernelCommit("6e6938b6d313", "writeback: introduce .tagged_writepages for the WB_SYNC_NONE sync stage", "3.1"),
        "[V] docs/eras.md section 2.3");

    /// <summary>
    /// BDI_CAP_STRICTLIMIT: 5a53748568f7 ("mm/page-writeback.c: add strictlimit feature", Maxim
    /// Patlasov), 3.12.
    /// </summary>
    public static EraSetting Strictlimit { get; } = new(
        "BDI_CAP_STRICTLIMIT", "capability", "BackingDevInfo.Strictlimit", KernelEra.V3_19,
        new KernelCommit("5a53748568f7", "mm/page-writeback.c: add strictlimit feature", "3.12"),
        "[V-id] cited by the strictlimit scenario's era table row");

    /// <summary>
    /// Cgroup writeback (a bdi_writeback per memcg): 52ebea749aae ("writeback: make
    /// backing_dev_info host cgroup-specific bdi_writebacks", Tejun Heo) and the rest of the 4.2
    /// series [V id, R release]. Refused by the cgroup writeback code itself, whose files this
    /// table does not own; the row names the release its messages give.
    /// </summary>
    public static EraSetting CgroupWriteback { get; } = new(
        "CONFIG_CGROUP_WRITEBACK", "feature", "MemCgroup", KernelEra.V4_13,
        new KernelCommit("52ebea749aae", "writeback: make backing_dev_info host cgroup-specific bdi_writebacks", "4.2"),
        "[V] id (the block tree's commit page); [R] release");

    /// <summary>
    /// writeback_control's byte range, range_start and range_end: first as start and end, from
    /// Andrew Morton's "Writeback page range hint" (an -mm patch before git, in the 2.6.9-rc1
    /// shortlog [V]; that it added them is inferred from its title [I]), renamed by 111ebb6e6f7b
    /// (2.6.18). The list era's control has no range (none in the 2.6.0 tree either [V]).
    /// </summary>
    public static EraSetting WbcRange { get; } = new(
        "writeback_control.range_start/range_end", "field", "WritebackControl.RangeStart, WritebackControl.RangeEnd", KernelEra.V2_6_20,
        new KernelCommit("writeback-page-range-hint", "Writeback page range hint (start and end; range_start and range_end from 111ebb6e6f7b, 2.6.18)", "2.6.9") { PreGit = true },
        "[V] release: the 2.6.9-rc1 shortlog (Linus, lkml 24 Aug 2004) lists it with Suparna Bhattacharya's range fixes; [V] the 2.6.0 tree's control has no range; [I] that this patch added start and end (its title, and the fixes beside it)");

    /// <summary>
    /// writeback_control.range_cyclic: 111ebb6e6f7b ("writeback: fix range handling", OGAWA
    /// Hirofumi), posted 7 Apr 2006 [V], 2.6.18 [V: its first tag is v2.6.18-rc1, as a write-up
    /// quoting the commit gives it; posted after the 2.6.17 merge window].
    /// </summary>
    public static EraSetting RangeCyclic { get; } = new(
        "writeback_control.range_cyclic", "field", "WritebackControl.RangeCyclic", KernelEra.V2_6_20,
        new KernelCommit("111ebb6e6f7b", "writeback: fix range handling", "2.6.18"),
        "[V] id and message (the patch on lkml, 7 Apr 2006); release from its first tag, v2.6.18-rc1");

    /// <summary>
    /// A filesystem that writes pages in part (<see cref="Fs.SimpleFsOptions.PartialPages"/>, as
    /// ext4 with delayed allocation) finds them again by their page-tree tag. The tags came with
    /// the -mm series that ended the list era (radix-tree-tagging, 2.6.6 [V], docs/eras.md
    /// section 7); the list era's kernel has none to look pages up by.
    /// </summary>
    public static EraSetting PageTreeTags { get; } = new(
        "PAGECACHE_TAG_DIRTY", "page-tree tag", "SimpleFsOptions.PartialPages", KernelEra.V2_6_20,
        new KernelCommit("radix-tree-tagging", "radix-tree tags for dirty and writeback pages (2.6.5-rc1-mm2 \"new writeback code\")", "2.6.6") { PreGit = true },
        "[V] docs/eras.md section 7 (2.6.6-rc1-mm1 list)")
    {
        Without = "SimpleFsOptions.PartialPages (a filesystem that finds the pages it wrote in part by that tag)",
    };

    /// <summary>
    /// A memory cgroup's hard limit (memory.limit_in_bytes), charged by every page-cache page:
    /// the memory controller, 8cdea7c05454 ("Memory controller: cgroups setup", Balbir Singh,
    /// dated 2008-02-07 in blame listings of mm/memcontrol.c) [V-id], 2.6.25 [R: release from a
    /// page that names it, not read in a tree]. Refused on 2.5.31 and 2.6.20 where a memcg with
    /// <c>HardLimit</c> charges a page (<see cref="Mm.Memcg.Memcontrol.TryCharge"/>).
    /// </summary>
    public static EraSetting MemcgLimit { get; } = new(
        "memory.limit_in_bytes", "feature", "MemCgroup.HardLimit", KernelEra.V2_6_29,
        new KernelCommit("8cdea7c05454", "Memory controller: cgroups setup", "2.6.25"),
        "[V-id] blame listings; [R] release (docs/memcg-reclaim.md)");

    /// <summary>
    /// address_space_operations-&gt;write_begin with AOP_FLAG_NOFS (<see cref="GfpEras.HasWriteBegin"/>):
    /// the filesystem allocates the page itself, under its own lock. afddba49d18f ("fs: introduce
    /// write_begin, write_end, and perform_write aops", Nick Piggin) [V: the id, quoted in a later
    /// patch's message; the series on linux-mm, April and May 2007], 2.6.24 [R]; AOP_FLAG_NOFS by
    /// 2.6.29 [R: id not found].
    /// </summary>
    public static EraSetting WriteBegin { get; } = new(
        "address_space_operations.write_begin (AOP_FLAG_NOFS)", "field", "SimpleFsOptions.JournalledWriteBegin", KernelEra.V2_6_29,
        new KernelCommit("afddba49d18f", "fs: introduce write_begin, write_end, and perform_write aops", "2.6.24"),
        "[V] id; [R] release (docs/reclaim-and-filesystems.md)")
    {
        Without = "SimpleFsOptions.JournalledWriteBegin (->prepare_write ran after the generic code allocated the page)",
    };

    /// <summary>
    /// vm_operations_struct-&gt;page_mkwrite, which a filesystem of its own
    /// (<see cref="Fs.SimpleFsOptions.BlockPageMkwrite"/>) fills in: 9637a5efd4fb ("[PATCH] add
    /// page_mkwrite() vm_operations method", David Howells) [V: the id and title, and "in 2006",
    /// in Christoph Hellwig's btrfs patch of June 2022], 2.6.18 [I: 2006, after 2.6.15; R]. The
    /// list era's write fault had no such call (nor any write fault on a shared page).
    /// </summary>
    public static EraSetting PageMkwrite { get; } = new(
        "vm_operations_struct.page_mkwrite", "field", "SimpleFsOptions.BlockPageMkwrite", KernelEra.V2_6_20,
        new KernelCommit("9637a5efd4fb", "[PATCH] add page_mkwrite() vm_operations method", "2.6.18"),
        "[V] id, title and year (Christoph Hellwig on linux-btrfs, 2022); [I] release from the year")
    {
        Without = "SimpleFsOptions.BlockPageMkwrite (a filesystem's own ->page_mkwrite)",
    };

    /// <summary>
    /// Dropping a range of a file's pages with i_size unchanged (a hole punch):
    /// truncate_inode_pages_range, in -mm by 2.6.11-rc3-mm1 ("reiser4: vfs: add
    /// truncate_inode_pages_range()", Andrew Morton's announcement of 4 February 2005) [V], merged
    /// by 2.6.16 with MADV_REMOVE's vmtruncate_range (Badari Pulavarty) [R]. The list era (2.5.31)
    /// truncates only from an offset to the end of the file (truncate_inode_pages).
    /// </summary>
    public static EraSetting TruncateRange { get; } = new(
        "truncate_inode_pages_range", "function", "Truncate.TruncatePagecacheRange", KernelEra.V2_6_20,
        new KernelCommit("reiser4-truncate_inode_pages_range", "reiser4: vfs: add truncate_inode_pages_range()", "2.6.16") { PreGit = true },
        "[V] in 2.6.11-rc3-mm1's series; [R] merged by 2.6.16")
    {
        Without = "a hole punch (SimpleFs.PunchHole, Truncate.TruncatePagecacheRange)",
    };

    /// <summary>Every gated setting, oldest first.</summary>
    public static IReadOnlyList<EraSetting> All { get; } = [PageTreeTags, LaptopMode, WbcRange, TruncateRange, PageMkwrite, RangeCyclic, HighmemIsDirtyable, MemcgLimit, WriteBegin, TaggedWritepages, Strictlimit, CgroupWriteback];

    /// <summary>
    /// The vm sysctls the model has that every modelled era's kernel had too (2.5.31 included):
    /// the audit of docs/eras.md section 17. A sysctl added to <see cref="VmSysctls"/> must be
    /// placed here or in <see cref="All"/> (a test checks it).
    /// </summary>
    public static IReadOnlyList<string> SysctlsOfEveryEra { get; } =
    [
        $"{nameof(VmSysctls)}.{nameof(VmSysctls.DirtyRatio)}",
        $"{nameof(VmSysctls)}.{nameof(VmSysctls.DirtyBackgroundRatio)}",
        $"{nameof(VmSysctls)}.{nameof(VmSysctls.DirtyWritebackInterval)}",
        $"{nameof(VmSysctls)}.{nameof(VmSysctls.DirtyExpireInterval)}",
    ];

    /// <summary>
    /// The fields of <paramref name="wbc"/> the kernel of <paramref name="era"/> did not have,
    /// refused: a range other than the whole file, range_cyclic. A pass asked of the list era
    /// with either would otherwise take io_pages whole, as if they had not been asked for.
    /// </summary>
    public static WritebackControl Check(WritebackControl wbc, KernelEra era)
    {
        if (!wbc.RangeWhole)
        {
            WbcRange.Require(era);
        }

        if (wbc.RangeCyclic)
        {
            RangeCyclic.Require(era);
        }

        return wbc;
    }

    /// <summary>
    /// A filesystem's options that need what the kernel of <paramref name="era"/> did not have,
    /// refused: pages written in part, found again by their page-tree tag; write_begin; a
    /// -&gt;page_mkwrite of its own.
    /// </summary>
    public static Fs.SimpleFsOptions Check(Fs.SimpleFsOptions options, KernelEra era)
    {
        if (options.PartialPages.Count > 0)
        {
            PageTreeTags.Require(era);
        }

        if (options.JournalledWriteBegin)
        {
            WriteBegin.Require(era);
        }

        if (options.BlockPageMkwrite)
        {
            PageMkwrite.Require(era);
        }

        return options;
    }

    /// <summary>The settings of <paramref name="config"/> its era's kernel did not have, refused.</summary>
    public static KernelConfig Check(KernelConfig config)
    {
        Check(config.Sysctls, config.Era);
        return config;
    }

    /// <summary>The sysctls of <paramref name="sysctls"/> the kernel of <paramref name="era"/> did not have, refused (a setting left at its default is not asked for).</summary>
    public static VmSysctls Check(VmSysctls sysctls, KernelEra era)
    {
        if (sysctls.LaptopMode != 0)
        {
            LaptopMode.Require(era);
        }

        if (sysctls.HighmemIsDirtyable)
        {
            HighmemIsDirtyable.Require(era);
        }

        return sysctls;
    }
}
