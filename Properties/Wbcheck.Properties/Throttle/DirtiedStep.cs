namespace Wbcheck.Properties.Throttle;

/// <summary>
/// One step of a <see cref="DirtiedCase"/>: a writer writes a page of a file, the flusher
/// runs a WB_SYNC_NONE (or WB_SYNC_ALL) pass over a file, or the disk completes every write in
/// flight.
/// </summary>
public abstract record DirtiedStep
{
    /// <summary>Writer <paramref name="Writer"/>, a task of its own, writes page <paramref name="Index"/> of file <paramref name="File"/>.</summary>
    public sealed record Write(int Writer, int File, int Index) : DirtiedStep
    {
        public override string ToString() => $"writer {Writer} writes file {File} page {Index}";
    }

    public sealed record Writeback(int File, int NrToWrite, bool Sync) : DirtiedStep
    {
        public override string ToString() => $"{(Sync ? "WB_SYNC_ALL" : "WB_SYNC_NONE")} pass over file {File}, nr_to_write {NrToWrite}";
    }

    public sealed record Complete : DirtiedStep
    {
        public override string ToString() => "complete the I/O in flight";
    }
}
