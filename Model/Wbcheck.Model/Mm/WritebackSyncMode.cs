namespace Wbcheck.Model.Mm;

/// <summary>enum writeback_sync_modes.</summary>
public enum WritebackSyncMode : byte
{
    /// <summary>WB_SYNC_NONE: memory-cleaning writeback; skip what is busy, stop when the quota is done.</summary>
    None,

    /// <summary>WB_SYNC_ALL: data integrity (fsync); wait on pages under writeback, write everything.</summary>
    All,
}
