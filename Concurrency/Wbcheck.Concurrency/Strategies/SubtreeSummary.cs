using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What the steps of a DFS subtree touched, thread by thread: each thread's footprints merged into
/// one (the objects any of its steps read or wrote, a write winning; a thread that touched nothing
/// shared has none), and whether the summary is exact: every step below was seen (no schedule
/// stopped at a bug or went past DFS's part, no cycle, no prune at a state without an exact
/// summary). It is Yang, Chen, Gopalakrishnan and Kirby's visible-operation dependency graph
/// (SPIN 2008) folded per thread: a step of the subtree that is dependent with a step of another
/// path is dependent with its thread's merged footprint too (an over-approximation, which only adds
/// backtrack points). Thread ids are the state's: the fingerprint hashes the threads in id order, so
/// two visits of one state have the same threads under the same ids (the sleep sets stored with the
/// visits rely on the same).
/// </summary>
internal sealed class SubtreeSummary
{
    private Footprint[] threads = [];

    /// <summary>Every step below was seen and summarised.</summary>
    public bool Exact { get; set; } = true;

    /// <summary>Threads summarised: ids below this.</summary>
    public int Width { get; private set; }

    /// <summary>The merged footprint of <paramref name="thread"/>'s steps (none if it ran none).</summary>
    public Footprint Of(int thread) => threads[thread];

    /// <summary>Empty and exact, for reuse by another branch.</summary>
    public void Clear()
    {
        Array.Clear(threads);
        Width = 0;
        Exact = true;
    }

    /// <summary><paramref name="thread"/> ran a step that touched <paramref name="footprint"/> (a buffer the caller may reuse).</summary>
    public void Add(int thread, in Footprint footprint, FootprintUnion union)
    {
        if (threads.Length <= thread)
        {
            Array.Resize(ref threads, Math.Max(thread + 1, threads.Length * 2));
        }

        threads[thread] = thread < Width ? union.Of(threads[thread], footprint) : union.Keep(footprint);
        Width = Math.Max(Width, thread + 1);
    }

    /// <summary>Everything <paramref name="other"/> summarises is summarised here too.</summary>
    public void Merge(SubtreeSummary other, FootprintUnion union)
    {
        for (var t = 0; t < other.Width; t++)
        {
            Add(t, other.threads[t], union);
        }

        Exact &= other.Exact;
    }

    /// <summary>A copy to keep with a state (the footprints are the union's interned ones, shared).</summary>
    public SubtreeSummary Copy() => new() { threads = threads[..Width], Width = Width, Exact = Exact };
}
