namespace Wbcheck.Model;

/// <summary>
/// What fs/mpage.c asked of the block layer, era by era. docs/eras.md, the section of branch
/// queue23.
/// </summary>
public static class MpageEras
{
    /// <summary>
    /// __mpage_writepage and the end of mpage_writepages (and mpage_writepage) submit a
    /// WB_SYNC_ALL pass's bios WRITE_SYNC (REQ_SYNC), as __block_write_full_page already did:
    /// Roman Pen's "fs/mpage.c: forgotten WRITE_SYNC in case of data integrity write" (its diff
    /// read as akpm sent it to linux-mm on 15 December 2014 [V]; in linux-next's akpm-current of
    /// 20 March 2015, during 4.0-rc4 [V: a 0-day bisection names it]; mainline 4.1 [I]; the id
    /// not found). Before it every mpage bio was a plain WRITE, so from 2.6.30, where the request
    /// lists are sync and async, an mpage fsync's writes took async requests, counted against
    /// the write congestion and woke congestion_wait(BLK_RW_ASYNC). The model's 4.13 on.
    /// </summary>
    public static bool MpageWritesIntegritySync(this KernelEra era) => era.AtLeast(KernelEra.V4_13);
}
