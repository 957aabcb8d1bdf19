using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>The vmstat counters writeback keeps: pages dirty and under writeback, and from 2.6.37 pages ever dirtied and written.</summary>
[Models("include/linux/mmzone.h", "enum node_stat_item", "6.9")]
public sealed class Vmstat
{
    private long nrFileDirtyField;
    private long nrWritebackField;
    private long nrUnstableNfsField;
    private long nrFileMappedField;
    private long nrAnonPagesField;
    private long nrDirtiedField;
    private long nrWrittenField;

    /// <summary>NR_FILE_DIRTY.</summary>
    public long NrFileDirty
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrFileDirty));
            return nrFileDirtyField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrFileDirty));
            nrFileDirtyField = value;
        }
    }

    /// <summary>NR_WRITEBACK.</summary>
    public long NrWriteback
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrWriteback));
            return nrWritebackField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrWriteback));
            nrWritebackField = value;
        }
    }

    /// <summary>
    /// NR_UNSTABLE_NFS: pages an NFS client wrote to its server and the server has not yet
    /// committed to its disk. The model has no NFS client: a scenario sets this count, and the
    /// COMMIT that writeback of inodes sends clears it (see FsWriteback.WritebackInodes).
    /// </summary>
    [Models("include/linux/mmzone.h", "NR_UNSTABLE_NFS", "2.6.20")]
    public long NrUnstableNfs
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrUnstableNfs));
            return nrUnstableNfsField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrUnstableNfs));
            nrUnstableNfsField = value;
        }
    }

    /// <summary>NR_FILE_MAPPED: page-cache pages mapped into a process. Set by scenarios.</summary>
    [Models("include/linux/mmzone.h", "NR_FILE_MAPPED", "2.6.20")]
    public long NrFileMapped
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrFileMapped));
            return nrFileMappedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrFileMapped));
            nrFileMappedField = value;
        }
    }

    /// <summary>NR_ANON_PAGES: anonymous pages. Set by scenarios.</summary>
    [Models("include/linux/mmzone.h", "NR_ANON_PAGES", "2.6.20")]
    public long NrAnonPages
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrAnonPages));
            return nrAnonPagesField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrAnonPages));
            nrAnonPagesField = value;
        }
    }

    /// <summary>
    /// NR_DIRTIED: pages ever newly dirtied (2.6.37 on; the eras before keep it at zero). A page
    /// a -&gt;writepage redirties is not counted again (3.2 on, account_page_redirty).
    /// </summary>
    [Models("include/linux/mmzone.h", "NR_DIRTIED", "4.19")]
    public long NrDirtied
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrDirtied));
            return nrDirtiedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrDirtied));
            nrDirtiedField = value;
        }
    }

    /// <summary>NR_WRITTEN: pages whose writeback completed (2.6.37 on; zero before).</summary>
    [Models("include/linux/mmzone.h", "NR_WRITTEN", "4.19")]
    public long NrWritten
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrWritten));
            return nrWrittenField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrWritten));
            nrWrittenField = value;
        }
    }

    public override string ToString() =>
        $"NR_FILE_DIRTY={NrFileDirty} NR_WRITEBACK={NrWriteback}" +
        (NrUnstableNfs != 0 ? $" NR_UNSTABLE_NFS={NrUnstableNfs}" : "") +
        (NrFileMapped != 0 ? $" NR_FILE_MAPPED={NrFileMapped}" : "") +
        (NrAnonPages != 0 ? $" NR_ANON_PAGES={NrAnonPages}" : "") +
        (NrDirtied != 0 ? $" NR_DIRTIED={NrDirtied}" : "") +
        (NrWritten != 0 ? $" NR_WRITTEN={NrWritten}" : "");

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Vmstat, 0, (int)field);

    /// <summary>The counters, as AccessIds numbers them.</summary>
    private enum Field
    {
        NrFileDirty,
        NrWriteback,
        NrUnstableNfs,
        NrFileMapped,
        NrAnonPages,
        NrDirtied,
        NrWritten,
    }
}
