namespace Wbcheck.Model;

/// <summary>
/// The history of the writeback code as the model keeps it, and what each era does differently.
/// Sources: the kernel history notes in the repository's docs (docs/eras.md); where a release is
/// recalled rather than read it says so there.
/// </summary>
public static class KernelEras
{
    public static KernelEra Current => KernelEra.V6_10;

    public static IReadOnlyList<EraInfo> All { get; } =
    [
        // The list era is pre-git: it ends with an -mm patch series, not a commit. io_pages is
        // there from the first address_space writeback (2.5.12); the model follows
        // mpage_writepages as its manual page describes it: io_pages filled by the caller,
        // called_for_sync waiting on writeback (from 2.5.31). The series was in 2.6.5-rc1-mm2
        // (17 March 2004); that it reached mainline in 2.6.6 is recalled, not read.
        new(KernelEra.V2_5, "2.5.31", "list-based address_space: each page on one of clean/dirty/locked/io_pages; the caller splices dirty_pages onto io_pages and mpage_writepages walks io_pages, oldest first; sync waits on writeback; fdatawait walks locked_pages",
            new KernelCommit("stop-using-io-pages", "radix-tree tags replace the address_space page lists (2.6.5-rc1-mm2 \"new writeback code\": radix-tree-tagging, tag-dirty-pages, tag-writeback-pages, stop-using-{dirty,io,locked,clean}-pages)", "2.6.6") { PreGit = true }),
        new(KernelEra.V2_6_20, "2.6.20", "generic_writepages: DIRTY-tag walk; nr_to_write (nrpages*2 for fsync) ends every pass; wraps only when the first lookup finds nothing",
            new KernelCommit("05fe478dd04e", "mm: write_cache_pages integrity fix", "2.6.29")),
        new(KernelEra.V2_6_29, "2.6.29", "write_cache_pages: integrity syncs ignore nr_to_write; a range_cyclic pass wraps to 0 after taking pages; any error ends the pass",
            new KernelCommit("f446daaea9d4", "mm: implement writeback livelock avoidance using page tagging", "2.6.36")),
        new(KernelEra.V2_6_36, "2.6.36", "integrity passes tag TOWRITE first and write only what they tagged",
            new KernelCommit("2d6d7f982846", "mm: protect set_page_dirty() from ongoing truncation", "3.19")),
        new(KernelEra.V3_19, "3.19", "page dirtiers hold the page lock (or pte lock), so truncation cannot race the dirty accounting",
            new KernelCommit("5660e13d2fd6", "fs: new infrastructure for writeback error handling and reporting", "4.13")),
        new(KernelEra.V4_13, "4.13", "errseq_t writeback errors: each open file is told of an error once",
            new KernelCommit("b4678df184b3", "errseq: Always report a writeback error once", "4.17")),
        new(KernelEra.V4_17, "4.17", "an error nobody has seen yet is reported to a file opened after it",
            new KernelCommit("64081362e8ff", "mm/page-writeback.c: fix range_cyclic writeback vs writepages deadlock", "4.20")),
        new(KernelEra.V4_20, "4.20", "range_cyclic never wraps within a pass; writeback_index is 0 after reaching EOF",
            new KernelCommit("3fa750dcf29e", "mm/page-writeback.c: don't break integrity writeback on ->writepage() error", "5.0")),
        new(KernelEra.V5_0, "5.0", "integrity writeback goes on after an error and returns the first one; background writeback stops",
            new KernelCommit("a02829f011b6", "writeback: fix done_index when hitting the wbc->nr_to_write", "6.9")),
        new(KernelEra.V6_9, "6.9", "writeback_iter (write_cache_pages a wrapper); a pass stopped by nr_to_write resumes after its last page",
            new KernelCommit("d92109891f21", "fs/writeback: bail out if there is no more inodes for IO and queued once", "6.10")),
        // Kemeng Shi's two fs-writeback fixes, merged together through vfs-6.10.misc: the loop
        // ends without progress only once it has queued, and kupdate requeues only expired inodes.
        new(KernelEra.V6_10, "6.10", "wb_writeback ends a pass without progress only once it has queued inodes; kupdate requeues to b_more_io only expired inodes", null),
    ];

    public static EraInfo Info(this KernelEra era) => All[(int)era];

    /// <summary>Parse an era as users write it: "6.10", "v6.10", "V6_10", or "current".</summary>
    public static KernelEra Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("current", StringComparison.OrdinalIgnoreCase))
        {
            return Current;
        }

        var version = trimmed.TrimStart('v', 'V').Replace('_', '.');
        foreach (var info in All)
        {
            if (info.Version == version)
            {
                return info.Era;
            }
        }

        throw new ArgumentException($"unknown kernel era '{text}'; known eras: {string.Join(", ", All.Select(e => e.Version))} (or 'current')");
    }

    /// <summary>Pages sit on the mapping's clean/dirty/locked/io lists; no page-tree tags: before 2.6.6.</summary>
    public static bool HasPageLists(this KernelEra era) => era.Before(KernelEra.V2_6_20);

    /// <summary>The page tree tags pages DIRTY and WRITEBACK (and later TOWRITE): from 2.6.6.</summary>
    public static bool HasPageTags(this KernelEra era) => !era.HasPageLists();

    /// <summary>
    /// fsync holds i_sem across writing and waiting, against concurrent writers, so two fsyncs or
    /// an fsync and a write(2) or truncate of one file never overlap: the list era (read in
    /// 2.5.31's sys_fsync). By 2.6.20 do_fsync held i_mutex only around -&gt;fsync (recalled).
    /// </summary>
    public static bool FsyncHoldsISem(this KernelEra era) => era.Before(KernelEra.V2_6_20);

    /// <summary>
    /// writeback_control has tagged_writepages, a WB_SYNC_NONE pass that tags TOWRITE first as an
    /// integrity pass does (sync(2)'s first pass, against livelock): from 6e6938b6d313
    /// ("writeback: introduce .tagged_writepages for the WB_SYNC_NONE sync stage", 3.1, per Jan
    /// Kara's mail of 26 Jul 2011 on the 3.1 merge window). Of the model's eras, each named
    /// by its first release, from 3.19; the 2.6.36 era, and every era before it, has no such field.
    /// </summary>
    public static bool HasTaggedWritepages(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>Integrity passes (and tagged_writepages) tag TOWRITE first: from 2.6.36.</summary>
    public static bool TagsTowrite(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// Writeback of inodes stops at a congested queue when its caller is nonblocking (background
    /// writeout, kupdate), and the caller then waits only if congestion cut the pass short: from
    /// Andrew Morton's nonblocking-pdflush (writeback_control's nonblocking and
    /// encountered_congestion, with queue-congestion's bdi_write_congested; posted against 2.5.34
    /// on 11 September 2002 [V: the diff], so after 2.5.31, whose walk had neither and slept in
    /// get_request_wait on a full queue, <see cref="Block.BlockDevice"/>)
    /// until 0d99519efef1 ("writeback: remove unused nonblocking and congestion checks"), which
    /// the flusher no longer needed because it prefers to block on the request queue over
    /// skipping inodes. That commit was in mainline on 19 August 2010 (Hellwig's and Wu's mails of
    /// 19 and 21 August name it), so 2.6.36; the release is dated by those mails, not read in a
    /// tree. The model's 2.6.20 and 2.6.29 eras.
    /// </summary>
    public static bool WritebackSkipsCongestedQueue(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.Before(KernelEra.V2_6_36);

    /// <summary>
    /// pdflush's background writeout sleeps congestion_wait(HZ/10) after a pass that wrote less
    /// than asked, before it decides whether to go round (2.6.20: "Wrote less than expected"; from
    /// 2.6.29 only when congestion or more_io cut the pass short, DirtyThrottle.FlusherGoesOn's
    /// branches): from nonblocking-pdflush (2.5.34's diff, above). 2.5.31's loop was
    /// "do { ... } while (nr_to_write &lt;= 0)": a short pass ended it at once, with no wait
    /// [V: the diff's "-" side, and a 2.5.2x copy over writeback_unlocked_inodes]. The model's
    /// eras from 2.6.20.
    /// </summary>
    public static bool BackgroundWriteoutWaitsAfterShortPass(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// filemap_write_and_wait_range reads the AS_* bits of a mapping with no pages: from Dmitry
    /// Monakhov's "fs: fix fsync() error reporting" (in the mm tree in May 2013, so 3.10; its id
    /// not found [R]), which added the else branch. Before it the whole function sat under
    /// "if (mapping-&gt;nrpages)" (read in 2.6.24): a file truncated to nothing after a failed write
    /// returned 0 and kept the bits. On the model's eras: from 3.19.
    /// </summary>
    public static bool WriteAndWaitChecksErrorsWithoutPages(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// Starting writeback of a range returns 0 at once when no page of the mapping is tagged
    /// DIRTY, before cgroup writeback's attach and before do_writepages: from c3aab9a0bd91
    /// ("mm/filemap.c: don't initiate writeback if mapping has no dirty pages", 5.4-rc1; also in
    /// stable 4.4.201, 4.9.201, 4.14.154, 4.19.84 and 5.3.11), in __filemap_fdatawrite_range and
    /// later filemap_fdatawrite_wbc. Of the model's eras, each named by its first release: 6.9.
    /// </summary>
    public static bool FdatawriteSkipsCleanMapping(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// The wait of a sync (filemap_fdatawait_range; wait_on_page_writeback_range before it) clears
    /// the PG_error it reports as -EIO (TestClearPageError): read in a v3.0 tree; a 2.6.36 tree and
    /// 2.6.24 and 2.6.35.7 ones test it with PageError and leave it set, so every later wait that
    /// finds the page under writeback reports -EIO again. The commit (2.6.37 to 3.0) was not found.
    /// Of the model's eras: from 3.19. (From 4.13 it is cleared without being reported, errseq
    /// reporting instead.)
    /// </summary>
    public static bool WaitClearsPageError(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// In that wait the AS_ENOSPC/AS_EIO bits, test-and-cleared after the pages, override a page's
    /// -EIO (read in 2.6.24, 2.6.36 and 3.0); 3.10's filemap_check_errors is taken only when no page
    /// had PG_error (Dmitry Monakhov's "fs: fix fsync() error reporting", 3.10 [R id]). Of the
    /// model's eras: before 3.19.
    /// </summary>
    public static bool ErrorBitsOverridePageError(this KernelEra era) => era.Before(KernelEra.V3_19);

    /// <summary>
    /// sync(2)'s integrity wait leaves the AS_EIO/AS_ENOSPC bits for fsync: Junichi Nomura's
    /// "mm/filemap.c: make global sync not clear error status of individual inodes"
    /// (filemap_fdatawait_keep_errors), in mmotm after 4.3 (Michal Hocko's since-4.3 shortlog,
    /// linux-mm, 11 Nov 2015), listed in the mm merge of the 4.5 window (with Kirill Shutemov's THP
    /// refcounting) [V], so 4.5; id aa750fd71c24 [R]. Before it the wait
    /// (__sync_single_inode, writeback_single_inode read in 2.6.36, __writeback_single_inode read
    /// in 3.10, all filemap_fdatawait) test-and-cleared them. Of the model's eras: from 4.13, where
    /// fsync no longer reads the bits anyway (errseq).
    /// </summary>
    public static bool GlobalSyncKeepsErrors(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>Cgroup writeback: a wb per memcg and disk, each with its own flusher and dirty domain: from 4.2, so the model's 4.13 era on.</summary>
    public static bool HasCgroupWriteback(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// The foreign-inode vote ignores rounds shorter than an eighth of the average, not a half
    /// (WB_FRN_TIME_CUT_DIV 8): Tejun Heo's patch in the block pull for 5.4 (id not read), so of
    /// the model's eras (each named by its first release) only 6.9; the 5.0 era keeps 2.
    /// </summary>
    public static bool ForeignVoteCutsAtAnEighth(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// wb_over_bg_thresh's memcg test compares the wb's dirty pages with its share of the memcg's
    /// background threshold in the memcg's own domain (__wb_calc_thresh on the mdtc), where a
    /// memcg's only wb on the disk has all the completions. Before, wb_calc_thresh built a global
    /// domain for the wb and took its share of the machine's completions, so a wb that had written
    /// little counted as over the memcg's threshold long before the memcg was. Kemeng Shi's "mm:
    /// correct calculation of wb's bg_thresh in cgroup domain" [V: its title in akpm's "MM updates
    /// for 6.10-rc1" shortlog (17 May 2024) and in the series' v2 cover; the mainline id not found;
    /// the resulting test recalled, R], so 6.10. Of the model's eras: from 6.10.
    /// </summary>
    public static bool WbBgThreshInMemcgDomain(this KernelEra era) => era.AtLeast(KernelEra.V6_10);

    /// <summary>
    /// A memcg's wb is emptied when the memcg goes offline: cleanup_offline_cgwb switches the
    /// dying wb's clean inodes to the parent's wb, in batches behind one grace period
    /// (c22d70a162d3 "writeback, cgroup: release dying cgwbs by switching attached inodes",
    /// 5.14); before, an inode stays on its dying wb. Of the model's eras only 6.9.
    /// </summary>
    public static bool CleansUpOfflineCgwbs(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// inode_switch_wbs queues no new switch while more than WB_FRN_MAX_IN_FLIGHT (1024) are in
    /// flight: Tejun Heo's "writeback, cgroup: inode_switch_wbs() shouldn't give up on
    /// wb_switch_rwsem trylock fail" (block pull for 5.4; id not read); before, no cap. Of the
    /// model's eras only 6.9.
    /// </summary>
    public static bool CapsWbSwitchesInFlight(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// sync_inodes_sb holds bdi-&gt;wb_switch_rwsem for writing from its split of the work over the
    /// wbs to the end of every copy, and the switch work takes it for reading around the move, so
    /// no inode changes wb while sync's works run: before, an inode could move from a wb whose
    /// copy had not walked yet to one whose copy had (or that had none), and sync(2) returned with
    /// its pages dirty. 7fc5854f8c6e "writeback: synchronize sync(2) against cgroup writeback
    /// membership switches" (Tejun Heo, reported by Jiufei Xue) [V: the id in full in Sasha Levin's
    /// AUTOSEL mails of 14 February 2019 for 4.20 and 4.19, so not in 4.20 and upstream by 5.0-rc6:
    /// 5.0; the diff read there]. Until 5.4 inode_switch_wbs also gave up at once while sync held
    /// it (down_read_trylock), which Tejun Heo's "writeback, cgroup: inode_switch_wbs() shouldn't
    /// give up on wb_switch_rwsem trylock fail" (5.4, read in its review) replaced with the
    /// in-flight cap (<see cref="CapsWbSwitchesInFlight"/>). Of the model's eras: 5.0 on.
    /// </summary>
    public static bool SyncExcludesWbSwitches(this KernelEra era) => era.AtLeast(KernelEra.V5_0);

    /// <summary>
    /// The foreign-inode vote leaves out pages of an offline memcg (the CSS_ONLINE test of
    /// wbc_account_io): 6631142229005 "blkcg, writeback: dead memcgs shouldn't contribute to
    /// writeback ownership arbitration" (5.3: AUTOSEL picked it for 5.2 stable after 5.2's
    /// release). Of the model's eras only 6.9.
    /// </summary>
    public static bool ForeignVoteIgnoresOfflineMemcgs(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>nr_to_write ends integrity passes too, and fsync asks for nrpages*2: before 2.6.29.</summary>
    public static bool SyncHonoursNrToWrite(this KernelEra era) => era.Before(KernelEra.V2_6_29);

    /// <summary>
    /// The walker calls -&gt;writepage itself and sets AS_EIO/AS_ENOSPC on an error, with no
    /// __writepage callback and no mapping_set_error: the model's eras before 2.6.29 (2.6.20's
    /// generic_writepages as the seed shows it; the model's 2.5 list walk sets the bits the same way).
    /// </summary>
    public static bool WalkerCallsWritepage(this KernelEra era) => era.Before(KernelEra.V2_6_29);

    /// <summary>A range_cyclic pass that took pages wraps back to index 0: 2.6.29 to 4.19.</summary>
    public static bool CyclicWrapsAfterPages(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29) && era.Before(KernelEra.V4_20);

    /// <summary>
    /// A pass records page-&gt;index + 1 of every page it looks at as the place to resume, so a pass
    /// stopped by nr_to_write resumes after its last page: 2.6.29 (read in a 2.6.29 tree, and still
    /// so in 2.6.35.7) until cf15b07cf448 ("writeback: make mapping-&gt;writeback_index to point to
    /// the last written page"; its message shows cmwq's kworkers, so after 2.6.36; by 3.0, read),
    /// which resumes at the last page, so that a writer redirtying it is not sought back to later.
    /// </summary>
    public static bool DoneIndexPastEachPage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29) && era.Before(KernelEra.V3_19);

    /// <summary>
    /// The tagged batch lookup of write_cache_pages and the writeback wait stops at the walk's end
    /// and, when its batch is not full, moves the cursor to end + 1, so the walk ends there:
    /// find_get_pages_range_tag, from Jan Kara's 72b045aecdd8 ("mm: implement
    /// find_get_pages_range_tag()") and the two conversions after it ("mm: use
    /// pagevec_lookup_range_tag() in write_cache_pages()" and "... in
    /// __filemap_fdatawait_range()"), in the mmotm since-4.14 shortlog, so 4.15 [V series and
    /// shortlog; R release]. Before, pagevec_lookup_tag took a count of pages from the cursor, with
    /// no end, and set the cursor just past the last page found; the walk looked up again until a
    /// lookup found nothing (or a page past its end), so it also took pages tagged ahead of its
    /// cursor while it ran. Jan Kara (lkml, January 2023) on why he changed it: the old walk could
    /// be kept going one page at a time. Of the model's eras: from 4.17.
    /// </summary>
    public static bool TagLookupEndsAtRangeEnd(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>Any -&gt;writepage error ends the pass, whatever the sync mode: before 5.0.</summary>
    public static bool ErrorEndsEveryPass(this KernelEra era) => era.Before(KernelEra.V5_0);

    /// <summary>
    /// Removing a page that is still dirty from the page cache takes it out of NR_FILE_DIRTY:
    /// from 2.6.24, 3a6927906f1b ("Do dirty page accounting when removing a page from the page
    /// cache", as b9ea25152e56's message dates it). Before, the count went on including the page.
    /// </summary>
    public static bool RemovalUncountsDirtyPage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// ... and warns (WARN_ON_ONCE), a dirty page there being a bug that loses data: from
    /// b9ea25152e56 ("page_writeback: clean up mess around cancel_dirty_page()", April 2015, so
    /// 4.1). The eras before fixed the count up silently.
    /// </summary>
    public static bool RemovalWarnsOnDirtyPage(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>A write fault dirties a shared page under its page lock: from 3.19.</summary>
    public static bool DirtierLocksPage(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// __set_page_dirty_nobuffers no longer re-checks the mapping under the tree lock ("Race with
    /// truncate?"): it asserts it, BUG_ON(page_mapping(page) != mapping), its callers having to
    /// lock truncation out: from 2d6d7f982846 (3.19) until Wilcox's "mm/writeback: Use
    /// __set_page_dirty in __set_page_dirty_nobuffers" (June 2021, 5.14 [R]) brought the re-check back.
    /// </summary>
    public static bool SetPageDirtyAssumesNoTruncation(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && era.Before(KernelEra.V6_9);

    /// <summary>
    /// Direct reclaim leaves dirty filesystem pages to the flusher; only kswapd calls
    /// -&gt;writepage on them: from ee72886d8ed5 ("mm: vmscan: do not writeback filesystem pages
    /// in direct reclaim", 3.2). Before, any reclaiming task wrote them (XFS and btrfs refused
    /// ->writepage from direct reclaim themselves from 2.6.35, which the model's filesystem does not).
    /// </summary>
    public static bool OnlyKswapdWritesFsPages(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// A filesystem that writes a page only in part can start its writeback keeping the TOWRITE
    /// tag (set_page_writeback_keepwrite): from 1c8349a17137 ("ext4: fix data integrity sync in
    /// ordered mode", 3.16). Before, starting writeback always dropped it.
    /// </summary>
    public static bool StartWritebackKeepsTowrite(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// fsync writes and waits through filemap_write_and_wait_range, which does not wait after a
    /// write that returned -EIO and, before 4.13, leaves the AS_* bits for the next caller: from
    /// 2.6.32's vfs_fsync_range [R] (3.1 on, generic_file_fsync), until file_write_and_wait_range
    /// (4.13). 2.6.29's vfs_fsync (read) still waited whatever the write returned.
    /// </summary>
    public static bool FsyncIsFilemapWriteAndWaitRange(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>fsync reports writeback errors through errseq_t per open file: from 4.13.</summary>
    public static bool HasErrseq(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>errseq_sample leaves an unseen error for a new opener to see: from 4.17.</summary>
    public static bool SampleLeavesUnseenError(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// Writeback of inodes keeps b_more_io (s_more_io): an inode skipped because another thread
    /// writes it, or whose slice was used up, is requeued there, and the walk sets more_io, on
    /// which background writeout and kupdate go round again instead of stopping: from Wu
    /// Fengguang's more_io series (2.6.24 [R]: read in 2.6.29's fs/fs-writeback.c and
    /// mm/page-writeback.c as the mailing lists quote them), so the model's 2.6.29 era on.
    /// </summary>
    public static bool WritebackHasMoreIo(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// Every WB_SYNC_NONE pass requeues an inode whose slice it used up to b_more_io; before, only
    /// kupdate did, and background writeout put it back on the dirty list (2.6.29's "akpm: if the
    /// caller was the kupdate function" branch). The unified branch is what Wu quotes on 6 August
    /// 2010 as mainline's, so 2.6.36 at the latest (its commit not read [R]).
    /// </summary>
    public static bool EveryPassRequeuesUsedUpSlice(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// The flusher runs wb_writeback's loop (per-bdi flusher threads, 03ba3782e8dc, 2.6.32): no
    /// congestion_wait; a used-up chunk goes round, a pass without more_io ends the loop, one that
    /// wrote nothing waits for the inode at the tail of b_more_io; wb_start set once stops every
    /// walk at inodes dirtied after the loop began. On the model's eras: from 2.6.36.
    /// </summary>
    public static bool FlusherRunsWbWriteback(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// wb_writeback goes on while a pass made progress and ends on a pass without progress and an
    /// empty b_more_io, sleeping once on the b_more_io tail's I_SYNC otherwise; the kupdate and
    /// background cut-off is taken afresh each pass. Wu Fengguang's 2011 series, whose shortlog a
    /// linux-mm mail lists: e6fb6da "writeback: try more writeback as long as something was
    /// written", ba9aa83 "writeback: the kupdate expire timestamp should be a moving target",
    /// b7a2441 "writeback: remove writeback_control.more_io", e8dfc30 "writeback: elevate
    /// queue_io() into wb_writeback()" (3.1 [R release]); inode_sleep_on_writeback later [R].
    /// On the model's eras: from 3.19.
    /// </summary>
    public static bool FlusherLoopEndsOnNoProgress(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// sync(2)'s first pass over a superblock is WB_SYNC_HOLD: every inode it writes goes back on
    /// s_dirty, stamped now, for the WB_SYNC_ALL pass to find and wait on; and sync_inodes_sb asks
    /// both passes for half as much again as twice the dirty and unstable pages plus the inodes in
    /// use (read in 2.6.1x and 2.6.2x fs-writeback.c; the list era's form, 2.5.34's, asks for the
    /// dirty pages and a quarter). Nick Piggin's "fs: remove WB_SYNC_HOLD" (4f5a99d64c17, 6 January
    /// 2009 [V: the commit page]; 2.6.29 [I: in mainline before 2.6.29-rc1, and in 2.6.28.2 as
    /// 919b966c19b9]) made it a plain WB_SYNC_NONE pass of the dirty and unstable pages plus the
    /// inodes in use, and the WB_SYNC_ALL pass LONG_MAX ("doesn't actually matter"; read in a
    /// 2.6.29/2.6.30 fs-writeback.c): the lists cannot serve the wait, "an inode can be taken off
    /// the dirty lists but still be under writeback". On the model's eras: before 2.6.29.
    /// </summary>
    public static bool SyncHoldsWrittenInodes(this KernelEra era) => era.Before(KernelEra.V2_6_29);

    /// <summary>
    /// The WB_SYNC_ALL pass of sync(2) ends by waiting on the pages of every inode of the
    /// superblock's s_inodes, not only those its walk found dirty: a page whose writeback began
    /// before sync (pdflush's, or sync's own first pass's) belongs to an inode no dirty list holds
    /// any more. generic_sync_sb_inodes's `if (sync)` block (read in a 2.6.29/2.6.30 fs-writeback.c);
    /// Nick Piggin's "fs: sync_sb_inodes fix", the change 4f5a99d64c17's message announces ("Fixing
    /// the existing data integrity problem will come next" [V]; title and id 38f219776631 [R], 2.6.29
    /// [I] as 4f5a99d64c17); from 2.6.32 the same wait is wait_sb_inodes, on sync_inodes_sb's
    /// caller. On the model's eras: from 2.6.29.
    /// </summary>
    public static bool SyncWaitsOnEveryInode(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// sync(2)'s walks are works of the disk's flusher: sync_inodes_sb and writeback_inodes_sb
    /// queue a wb_writeback_work (bdi_queue_work, later wb_queue_work) and wait for its completion,
    /// so the flusher runs them one after another with its background and kupdate writeback, and
    /// the caller walks nothing itself (per-bdi flusher threads, 03ba3782e8dc, 2.6.32 [R id]; the
    /// completion wait of both, read in a 2.6.36-era fs-writeback.c). Before, sync_inodes walked
    /// the superblocks on the caller's thread. On the model's eras: from 2.6.36.
    /// </summary>
    public static bool SyncQueuesFlusherWork(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// sync(2) queues no WB_SYNC_NONE writeback_inodes_sb pass of its own: the flusher wake-up
    /// does that writeout, then sync_inodes_sb's WB_SYNC_ALL work (Jan Kara's "vfs: Avoid
    /// unnecessary WB_SYNC_NONE writeback during sys_sync and reorder sync passes", 5cee5815d156,
    /// 3.5 [R id and release]; 3.x's sys_sync read: wakeup_flusher_threads, then
    /// iterate_supers(sync_inodes_one_sb)). On the model's eras: from 3.19.
    /// </summary>
    public static bool SyncSkipsNoneWritebackPass(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// sync_inodes_sb's work is for_sync: the flusher writes the inodes without waiting on their
    /// pages (__writeback_single_inode waits only for WB_SYNC_ALL without for_sync), and the
    /// caller's wait_sb_inodes does the waiting (7747bd4bceb3 "sync: don't block the flusher
    /// thread waiting on IO", 3.11 [V id and release in a 3.11 backport table; the test read in
    /// 6.x's __writeback_single_inode]). On the model's eras: from 3.19.
    /// </summary>
    public static bool SyncWorkLeavesWaitToCaller(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// Background and kupdate writeback stop their wb_writeback loop when another work is queued,
    /// so that sync's work runs; background writeout starts again after the works (Jan Kara's
    /// "writeback: stop background/kupdate works from livelocking other works", posted on linux-mm
    /// in November 2010 [V]; aa373cf55099, 2.6.37 [R id and release]; the test read in 3.x and 6.x
    /// wb_writeback). Before, a queued work waited for the background loop to end. On the model's
    /// eras: from 3.19.
    /// </summary>
    public static bool FlusherYieldsToQueuedWork(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// wb_do_writeback ends with wb_check_background_flush: after its works and the periodic
    /// flush, background writeback while over the background threshold, whatever woke the
    /// flusher; bdi_start_background_writeback only wakes it (Jan Kara's "writeback: integrated
    /// background writeback work", in the combined patch Wu Fengguang posted for linux-next on
    /// 9 November 2010 [V]; 2.6.37 [R release]; the call read in 3.x, 4.x and 6.x
    /// wb_do_writeback). Before, background writeout was a for_background work queued like any
    /// other. On the model's eras: from 3.19.
    /// </summary>
    public static bool FlusherChecksBackground(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The flusher's background test has a per-disk part: over_bground_thresh (3.x), then
    /// wb_over_bg_thresh (4.2 on), goes on while the disk's or wb's dirty pages are over its own
    /// share of the background threshold, even with the machine under it. Wu Fengguang's
    /// "writeback: per-bdi background threshold" (b00949aa2df9), patch 11 of his "IO-less dirty
    /// throttling v12" (linux-mm, 3 Oct 2011) [V: the series and the patch; the id and title on a
    /// commit page of a tree carrying mainline history], merged with the I/O-less throttle for
    /// 3.2 [I]. Read [V] in a 3.6 to 3.9 fs-writeback.c (the forker thread), in 4.19's
    /// wb_over_bg_thresh and in a 6.x one (wb_stat_sum under 2 x wb_stat_error). Of the model's
    /// eras: from 3.19, where the I/O-less throttle is.
    /// </summary>
    public static bool FlusherTestsDiskBackgroundShare(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The flusher's machine-wide background test is "over" the threshold, not "at or over":
    /// Wu Fengguang's "writeback: remove the internal 5% low bound on dirty_ratio" (v2, linux-mm,
    /// 29 Aug 2010 [V]; "v2: convert the background writeback checks, too") turned
    /// over_bground_thresh's "at or over background_thresh" into "over", with
    /// balance_dirty_pages' exceeded tests, for 2.6.37 [I; the id 4cbec4c8b9fd is R]. 2.6.36's and
    /// 2.6.20's tests read "at or over" and "under" [V]; 3.x's over_bground_thresh, 4.19's and 6.x's
    /// wb_over_bg_thresh read "over" [V, section 98]. Of the model's eras: from 3.19.
    /// </summary>
    public static bool FlusherBackgroundTestIsStrict(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The flusher's delayed wake-up is a delayed work queued with queue_delayed_work, which
    /// leaves a pending one where it is: the workqueue flusher (Tejun Heo's "writeback: replace
    /// custom worker pool implementation with unbound workqueue", 839a8e8660b6 [V: the id as later
    /// commits quote it], 3.10 [V: Wanpeng Li's mail, "3.10-rc1 ~ 3.10-rc5"]) first moved it with
    /// mod_delayed_work, then Maxim Patlasov's fix (its posting and Tejun's reply read [V],
    /// September 2013; the comment "not to postpone flush work if it is scheduled for earlier"
    /// read in a 3.x backing-dev.c [V]) queued it. Before, 2.6.36's bdi_wakeup_thread_delayed
    /// mod_timer'd wb-&gt;wakeup_timer, moving a pending one. On the model's eras: from 3.19.
    /// </summary>
    public static bool FlusherDelayedWakeupKeepsPending(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// __mark_inode_dirty sets the inode's dirty bits under its own i_lock and moves it onto
    /// b_dirty under the list lock, taken after i_lock is dropped, so another thread can run
    /// between the two sections: Dave Chinner's inode_lock split of 2.6.39 [R release]
    /// (inode_wb_list_lock, read [V] in a 2.6.39-3.0 __mark_inode_dirty; wb-&gt;list_lock from 3.1,
    /// read [V] in a 3.x one; 4.2's locked_inode_to_wb_and_lock_list the same). Before, one
    /// global inode_lock held the whole function and the flusher's list moves [R]. On the
    /// model's eras: from 3.19.
    /// </summary>
    public static bool MarkInodeDirtyTakesListLockApart(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// __mark_inode_dirty tests whether the wb has dirty io (the first dirty inode wakes the
    /// flusher) under the list lock, with the move onto b_dirty: Junxiao Bi's "writeback: fix race
    /// that cause writeback hung" (its message read [V] in a backport; 146d7009b45c, 3.12 [V: the id
    /// and release as a CentOS backport table quotes them]). From 2.6.39 to 3.11 the test was made
    /// under i_lock, before the list lock, and a flusher that emptied the lists in between slept
    /// without a timeout over the new dirty inode. 4.2 on, inode_io_list_move_locked's
    /// wb_io_lists_populated makes the same test under the list lock [V]. On the model's eras:
    /// from 3.19 (2.6.36 and before hold inode_lock over both).
    /// </summary>
    public static bool MarkInodeDirtyTestsDirtyIoUnderListLock(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// wakeup_flusher_threads queues no work: wb_start_writeback sets WB_start_all and wakes the
    /// flusher, which after its queued works (wb_do_writeback's wb_check_start_all) runs a
    /// WB_SYNC_NONE pass, range_cyclic, of the dirty pages counted then; one such request is pending
    /// or running at a time. So sync(2)'s WB_SYNC_ALL work, queued after the wake-up, runs first.
    /// Before, the wake-up was a WB_SYNC_NONE work of the pages dirty at the call, queued ahead of
    /// sync's and run first (2.6.36's __bdi_start_writeback, 3.10's and 4.x's wb_start_writeback).
    /// Jens Axboe's aac8d41cd438 ("writeback: only allow one inflight and pending full flush",
    /// posted 20 Sep 2017, still queuing a work and clearing the bit when the flusher took it) and
    /// 85009b4f5f03 ("writeback: eliminate work item allocation in bd_start_writeback()"), his
    /// follow-up of 28 Sep 2017 that turned the request into the flag checked by
    /// wb_check_start_all, cleared only once the flush has run ("the writeback thread will clear
    /// it once it has processed the request") [V: both ids and messages in public trees, both
    /// mails on linux-mm]; 4.15 [I: one series]; wb_check_start_all read in 6.6 and named in a
    /// 4.19.100 call trace [V]. Page reclaim's wake-up goes the same way
    /// (<see cref="Mm.Throttle.DirtyThrottle.WakeupFlusherThreads"/>). Of the model's eras: from 4.17.
    /// </summary>
    public static bool FlusherStartsAllAfterWorks(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// sync(2)'s works and its wake-up are split over the disk's wbs: sync_inodes_sb and
    /// writeback_inodes_sb queue a copy of their work on every wb with dirty inodes
    /// (bdi_split_work_to_wbs), each asking for the wb's share of nr_pages by write bandwidth
    /// (wb_split_bdi_pages; LONG_MAX stays LONG_MAX), and wait for them all on one wb_completion;
    /// wakeup_flusher_threads starts writeback on each wb, with its share (to 4.14 a work of
    /// wb_split_bdi_pages(wb, nr_pages); from 4.15 WB_start_all on each wb, whose
    /// wb_check_start_all splits get_nr_dirty_pages() the same way). Each wb's flusher runs them
    /// over its own lists. Tejun Heo's "writeback: make writeback initiation functions handle
    /// multiple bdi_writeback's" and "writeback: implement bdi_wait_for_completion()" [V: the
    /// patches on linux-mm, v3 of 22 May 2015 (47/51), and their titles in the 4.2 block pull's
    /// shortlog; ids not found]; bdi_split_work_to_wbs and wb_split_bdi_pages read in 4.4 and 6.x
    /// trees. Before, the root wb's flusher ran the work over every inode. With cgroup writeback:
    /// from 4.2, so the model's 4.13 era on.
    /// </summary>
    public static bool SplitsWorkToWbs(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// A flusher wake-up for every page (nr_pages 0) counts get_nr_dirty_pages(): the dirty and
    /// unstable pages and one for each dirty inode ("each inode write can dirty pagecache in the
    /// underlying blockdev"), where 2.6.36's wakeup_flusher_threads counted the pages alone [V:
    /// 2.6.36's function; get_nr_dirty_pages in wakeup_flusher_threads in the context lines of 4.2's
    /// cgroup writeback patch, and the function in fs/fs-writeback.c in a 2011 memcg patch's context;
    /// the commit that added it not found]. Of the model's eras: from 3.19 (from 4.15 the flusher
    /// counts it when it runs the flush, <see cref="FlusherStartsAllAfterWorks"/>).
    /// </summary>
    public static bool WakeupCountsDirtyInodes(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// A pass's progress leaves out the pages the filesystem skipped (redirtied unwritten), so a
    /// filesystem that declines every page no longer keeps wb_writeback going round while over the
    /// threshold: from 68f4c6eba70d ("fs-writeback: writeback_sb_inodes: Recalculate 'wrote'
    /// according skipped pages", May 2022, 5.19 [R release; id and title read in shortlogs]), so
    /// of the model's eras only 6.9. Before, 3.x's loop counted a declined page as progress.
    /// </summary>
    public static bool ProgressLeavesOutSkippedPages(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>The writeback_iter loop structure: from 6.9.</summary>
    public static bool HasWritebackIter(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// The flusher's walk gives each inode its own chunk of the loop's work (writeback_chunk_size:
    /// MAX_WRITEBACK_PAGES, or at most what the work still asks for; LONG_MAX for WB_SYNC_ALL and
    /// tagged_writepages), counts the work's nr_pages down by what each inode wrote, and goes back
    /// to the loop once it has written something and HZ/10 has passed since it began, or the work
    /// is done. Before, one nr_to_write was shared over the whole walk, and a walk ended when it was
    /// spent. From d46db3d "writeback: make writeback_control.nr_to_write straight" and cb9bd11
    /// "writeback: introduce writeback_control.inodes_written" (Wu Fengguang's 2011 series: short
    /// ids and titles read in Jan Kara's linux-mm mail of 26 Jul 2011 listing the 3.1 merge; the
    /// HZ/10 test read in a 4.2-era tree and in 6.x trees; which of the series added it, and the
    /// 3.1 release, recalled [R]). Of the model's eras, each named by its first release: from 3.19.
    /// </summary>
    public static bool WritebackChunkPerInode(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// An inode's chunk scales up to half the disk's write bandwidth, capped at an eighth
    /// (DIRTY_SCOPE) of the global dirty limit, rounded down to MIN_WRITEBACK_PAGES after adding
    /// it (so never below it): 1a12d8bd7b29 "writeback: scale IO chunk size up to half device
    /// bandwidth" (id and title read in 2011 and 2024 mails; held back from 3.1 in Jan Kara's mail
    /// of 26 Jul 2011, so 3.2 [R release]; writeback_chunk_size read in a 4.2-era tree). Before it
    /// the chunk was MAX_WRITEBACK_PAGES. Of the model's eras: from 3.19.
    /// </summary>
    public static bool WritebackChunkScalesWithBandwidth(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// An inode a walk leaves dirty goes back to b_dirty through redirty_tail, which renews its
    /// dirtied_when only if it is older than the youngest inode there, and kupdate's inode too
    /// unless its slice was used up (requeue_io). Before, background writeout stamped the inode
    /// now whatever the list held, and kupdate left it at the old end of s_dirty unstamped.
    /// redirty_tail read in 2.6.29 (as the linux-mm mails of 2009 quote __sync_single_inode),
    /// 3.x and 6.9 trees; introduced by Andrew Morton's rework of the dirty-inode list ordering
    /// in 2007 (2.6.22 or 2.6.23 [R], id not read). Of the model's eras: from 2.6.29.
    /// </summary>
    public static bool RedirtyTailKeepsYoungestStamp(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// queue_io refills b_io only when it is empty, whoever walks: what a walk left on b_io (its
    /// time slice or its chunk used up) is walked first, and b_more_io and the inodes expired
    /// since wait for the next refill. Before, only kupdate waited so, and every other walk queued
    /// afresh (`!wbc-&gt;for_kupdate || list_empty(&amp;wb-&gt;b_io)`, read in 2.6.29 and 2.6.32 to
    /// 2.6.39 quotes). Wu Fengguang's "writeback: refill b_io iff empty" (its diff read in his
    /// linux-mm mail of 20 April 2011; 3.10's tree read: wb_writeback and writeback_inodes_wb test
    /// list_empty(&amp;wb-&gt;b_io) alone; id 424b351fe190 and release 3.1 [R]). Of the model's eras: from 3.19.
    /// </summary>
    public static bool QueueIoOnlyWhenBIoEmpty(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// queue_io splices b_more_io in at the head of b_io, so it is walked after what b_io still
    /// holds and before the newly expired inodes (3.10's queue_io and its diagram, read); 2.6.29's
    /// spliced it at b_io's tail (`list_splice_init(&amp;sb-&gt;s_more_io, sb-&gt;s_io.prev)`, read in a
    /// 2.6.2x tree), so it went first. Changed by Wu Fengguang's "writeback: fix queue_io()
    /// ordering" (2010, ahead of requeue_io for every pass; id and 2.6.36 [R]). Of the model's
    /// eras: from 2.6.36.
    /// </summary>
    public static bool QueueIoSplicesMoreIoAfterBIo(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// The walk tests no cut-off of its own: queue_io applies the work's older_than_this when it
    /// moves expired inodes from b_dirty to b_io (move_expired_inodes), and writeback_sb_inodes
    /// writes whatever b_io holds, b_more_io's inodes and what an earlier walk left there among
    /// them, however young. Before, the walk stopped at the first inode dirtied after it began
    /// (2.6.29's and 2.6.36's "if (inode_dirtied_after(inode, wbc-&gt;wb_start)) return 1").
    /// Wu Fengguang's e185dda "writeback: avoid extra sync work at enqueue time" killed wb_start
    /// [V: short id and title in Jan Kara's linux-mm shortlog of the 3.1 merge; Wu's mail of 4 May
    /// 2011 says that patch kills wbc-&gt;wb_start; 3.10's and 6.6's writeback_sb_inodes and
    /// queue_io read; 3.1 R]. Of the model's eras: from 3.19.
    /// </summary>
    public static bool WalkTakesBIoWithoutCutOff(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// requeue_inode sends an inode whose slice was used up to b_more_io only if it was dirtied
    /// by the walk's dirtied_before (kupdate's expire cut-off, otherwise the walk's start); a
    /// younger one goes back by redirty_tail. Before, kupdate wrote a non-expired inode that
    /// background writeout had left on b_io or b_more_io, requeued it when its slice was used up,
    /// and the next walk's queue_io spliced b_more_io back whole: kupdate went on writing an inode
    /// a writer keeps dirty long before it expired. Kemeng Shi's "fs/writeback: avoid to writeback
    /// non-expired inode in kupdate writeback" (f9cae926f35e [R id]; the patch read, v2 of 28 Feb
    /// 2024; merged through vfs-6.10.misc, so 6.10 [V: the pull of 10 May 2024]). Of the model's
    /// eras: from 6.10.
    /// </summary>
    public static bool RequeueIoOnlyExpired(this KernelEra era) => era.AtLeast(KernelEra.V6_10);

    /// <summary>
    /// wb_writeback ends on a pass without progress and with b_more_io empty only if one of its
    /// passes has queued inodes (queue_io) already; a pass that walked what an earlier loop left on
    /// b_io goes round, and the next queues. Before, such a pass ended the loop: from 3.1 queue_io
    /// runs only on an empty b_io (<see cref="QueueIoOnlyWhenBIoEmpty"/>), so a sync work that found
    /// b_io holding inodes background writeout left when it stepped aside (aa373cf55099) and made
    /// no progress on them ended without queuing the inodes it was for: sync(2) or umount returning
    /// with their data dirty ("We may bail out early even there is inode in dirty list should be
    /// written back"). Kemeng Shi's "fs/writeback: bail out if there is no more inodes for IO and
    /// queued once" [V: the patch, v2 of 28 Feb 2024; Jan Kara's review of the form that first
    /// landed (a sleep on an empty b_more_io, found by syzbot) proposing "progress || !queued" as
    /// the test that goes round, the form modelled here, V as merged: Christian Brauner folded it];
    /// d92109891f21 [V: id as Ye Bin's ext4 mail cites it, naming the data loss aa373cf55099 led
    /// to; in full in a mainline shortlog]; 6.10 [V: the vfs-6.10.misc pull]. Of the model's eras:
    /// from 6.10. Before it the loss is the race scenario sync-vs-background-b-io, a bug on the 6.9
    /// era (and on 4.17 and 4.20, where a failed page was no progress either, until 3fa750dcf29e);
    /// 5.0 counts a skipped page as progress (until 68f4c6eba70d), so its loop goes round.
    /// </summary>
    public static bool FlusherLoopEndsOnlyAfterQueueIo(this KernelEra era) => era.AtLeast(KernelEra.V6_10);

    /// <summary>
    /// The walk's end for an inode written by a WB_SYNC_ALL or tagged_writepages pass and still
    /// dirty: dirtied_when = jiffies, so that the same sync does not queue it again (sync
    /// livelock prevention), before it is put back by redirty_tail or requeue_io. Read in 3.10's
    /// and 6.9's requeue_inode and in writeback_single_inode of the 3.1 to 3.5 trees as mails
    /// quote them; Wu Fengguang's "writeback: update dirtied_when for synced inode to prevent
    /// livelock" (94c3dcbb0b0c, 3.1 [R]). Of the model's eras: from 3.19.
    /// </summary>
    public static bool SyncWritebackRestampsDirtyInode(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// I_DIRTY_PAGES stays set while __writeback_single_inode writes the pages and is cleared
    /// after do_writepages (and, for WB_SYNC_ALL, the wait) only if no page is still tagged DIRTY
    /// (mapping_tagged): read in a 3.x tree's __writeback_single_inode ("Clear I_DIRTY_PAGES if
    /// we've written out all dirty pages"); Jan Kara's "writeback: Update dirty flags in two
    /// steps" (5547e8aac6f7, 3.6 [R id and release]). Before, the flag was cleared before writing,
    /// and a page dirtied during the write set it again, so an inode whose redirtied page the same
    /// pass wrote was still dirty at the walk's end and went back by redirty_tail; from 3.6 it is
    /// clean and leaves the lists. Of the model's eras: from 3.19.
    /// </summary>
    public static bool InodeKeepsDirtyPagesThroughWrite(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// An inode left with dirty timestamps alone (I_DIRTY_TIME, lazytime) goes to b_dirty_time,
    /// stamped now, when the walk is done with it, instead of off the lists: requeue_inode's
    /// I_DIRTY_TIME branch, with lazytime itself (0ae45f63d4ef "vfs: add support for a lazytime
    /// mount option", 4.0 [R]; the branch read in 6.9's requeue_inode). Of the model's eras:
    /// from 4.13 (only cgroup writeback's eras set I_DIRTY_TIME in the model).
    /// </summary>
    public static bool RequeueInodeKeepsDirtyTime(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// An inode a WB_SYNC_NONE walk leaves with dirty pages is requeued (slice used up) or put
    /// back by redirty_tail whether or not it was dirtied again while it was written: the walk's
    /// end tests mapping_tagged(DIRTY) alone. Before, an inode dirtied again (I_DIRTY) went back
    /// by redirty_tail, and only one still clean with tagged pages was requeued (2.6.29's
    /// __sync_single_inode, read as 2009 mails quote it; 2.6.36 to 3.5's writeback_single_inode
    /// and 3.6 on's requeue_inode read in 3.10's tree). Wu Fengguang's "writeback: don't redirty
    /// tail an inode with dirty pages" (2010, the series that made every pass requeue a used-up
    /// slice; 23539afc7193 and 2.6.36 [R]). Of the model's eras: from 2.6.36.
    /// </summary>
    public static bool RequeueTestsDirtyPagesAlone(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// writeback_control carries a byte range for -&gt;writepages: start and end from Andrew
    /// Morton's "Writeback page range hint" (-mm, 2.6.9 [V: the 2.6.9-rc1 shortlog; I: that it
    /// added them, from its title]; none in the 2.6.0 tree [V]), renamed
    /// range_start and range_end by 111ebb6e6f7b ("writeback: fix range handling", 2.6.18). The
    /// list era's control (2.5.31) has no range: every pass takes the mapping's io_pages whole.
    /// </summary>
    public static bool HasWbcRange(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// writeback_control.range_cyclic, a pass that starts at the mapping's writeback_index:
    /// 111ebb6e6f7b ("writeback: fix range handling", 2.6.18). Before it a WB_SYNC_NONE pass
    /// started there unasked (2.6.9 to 2.6.17); the list era (2.5.31) has neither, its io_pages
    /// keeping what one pass left for the next.
    /// </summary>
    public static bool HasRangeCyclic(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// The page cache can drop a range of a file's pages with i_size unchanged (a hole punch):
    /// truncate_inode_pages_range (<see cref="EraSettings.TruncateRange"/>: in -mm by
    /// 2.6.11-rc3-mm1 [V], merged by 2.6.16 with MADV_REMOVE's vmtruncate_range [R]). The list
    /// era (2.5.31) truncates only from an offset to the end of the file (truncate_inode_pages).
    /// </summary>
    public static bool HasTruncateRange(this KernelEra era) => EraSettings.TruncateRange.ExistsIn(era);
}
