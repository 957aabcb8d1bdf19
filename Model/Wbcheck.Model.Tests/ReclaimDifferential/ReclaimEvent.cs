namespace Wbcheck.Model.Tests.ReclaimDifferential;

/// <summary>What one direct reclaim did, in order, as the model and the reference both say it.</summary>
internal abstract record ReclaimEvent
{
    /// <summary>One batch of shrink_inactive_list: looked at, isolated, freed, and started writing.</summary>
    public sealed record Batch(int Priority, int Scanned, int Taken, int Reclaimed, int Written) : ReclaimEvent
    {
        public override string ToString() => $"priority {Priority}: scanned {Scanned}, taken {Taken}, reclaimed {Reclaimed}, written {Written}";
    }

    /// <summary>A sleep: its label's function and argument (the timeout in jiffies).</summary>
    public sealed record Nap(string Function, long Timeout) : ReclaimEvent
    {
        public override string ToString() => $"{Function}({Timeout})";
    }

    /// <summary>A thread queued: the flushers woken (pdflush's background_writeout, the flusher's work).</summary>
    public sealed record Spawn(string Thread) : ReclaimEvent
    {
        public override string ToString() => $"wake {Thread}";
    }
}
