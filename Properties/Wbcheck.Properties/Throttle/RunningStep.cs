namespace Wbcheck.Properties.Throttle;

/// <summary>
/// One step of a <see cref="RunningCase"/>: a dirtier writes pages of its own file through
/// write(2) with the era's throttle after each page, the flusher and the disk run what is
/// pending (background writeout, I/O completions), or time passes (kupdate, the bandwidth
/// estimates of the I/O-less throttle).
/// </summary>
public abstract record RunningStep
{
    public sealed record Write(int Dirtier, int Pages) : RunningStep
    {
        public override string ToString() => $"dirtier {Dirtier} writes {Pages} page(s)";
    }

    public sealed record Flush : RunningStep
    {
        public override string ToString() => "the flusher and the disk run";
    }

    public sealed record Tick(int Jiffies) : RunningStep
    {
        public override string ToString() => $"{Jiffies} jiffies pass";
    }
}
