using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>The vmstat counters writeback keeps: pages dirty and under writeback, and from 2.6.37 pages ever dirtied and written.</summary>
[Models("include/linux/mmzone.h", "enum node_stat_item", "6.9")]
public sealed class Vmstat
{
    /// <summary>NR_FILE_DIRTY.</summary>
    public long NrFileDirty { get; internal set; }

    /// <summary>NR_WRITEBACK.</summary>
    public long NrWriteback { get; internal set; }

    /// <summary>
    /// NR_UNSTABLE_NFS: pages an NFS client wrote to its server and the server has not yet
    /// committed to its disk. The model has no NFS client: a scenario sets this count, and the
    /// COMMIT that writeback of inodes sends clears it (see FsWriteback.WritebackInodes).
    /// </summary>
    [Models("include/linux/mmzone.h", "NR_UNSTABLE_NFS", "2.6.20")]
    public long NrUnstableNfs { get; internal set; }

    /// <summary>NR_FILE_MAPPED: page-cache pages mapped into a process. Set by scenarios.</summary>
    [Models("include/linux/mmzone.h", "NR_FILE_MAPPED", "2.6.20")]
    public long NrFileMapped { get; internal set; }

    /// <summary>NR_ANON_PAGES: anonymous pages. Set by scenarios.</summary>
    [Models("include/linux/mmzone.h", "NR_ANON_PAGES", "2.6.20")]
    public long NrAnonPages { get; internal set; }

    /// <summary>
    /// NR_DIRTIED: pages ever newly dirtied (2.6.37 on; the eras before keep it at zero). A page
    /// a -&gt;writepage redirties is not counted again (3.2 on, account_page_redirty).
    /// </summary>
    [Models("include/linux/mmzone.h", "NR_DIRTIED", "4.19")]
    public long NrDirtied { get; internal set; }

    /// <summary>NR_WRITTEN: pages whose writeback completed (2.6.37 on; zero before).</summary>
    [Models("include/linux/mmzone.h", "NR_WRITTEN", "4.19")]
    public long NrWritten { get; internal set; }

    public override string ToString() =>
        $"NR_FILE_DIRTY={NrFileDirty} NR_WRITEBACK={NrWriteback}" +
        (NrUnstableNfs != 0 ? $" NR_UNSTABLE_NFS={NrUnstableNfs}" : "") +
        (NrFileMapped != 0 ? $" NR_FILE_MAPPED={NrFileMapped}" : "") +
        (NrAnonPages != 0 ? $" NR_ANON_PAGES={NrAnonPages}" : "") +
        (NrDirtied != 0 ? $" NR_DIRTIED={NrDirtied}" : "") +
        (NrWritten != 0 ? $" NR_WRITTEN={NrWritten}" : "");
}
