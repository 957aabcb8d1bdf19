using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The reversal of a race, as optimal DPOR inserts it into the wakeup tree of the branch before
/// the race's earlier step (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014; JACM 2017, section
/// 6): v = the steps after the earlier one that do not happen after it, in the schedule's order,
/// then the later step. Each step keeps its thread, footprint and clock, so that which of them
/// happen before which is known. Insertion walks down the tree taking out of v, at each node,
/// the step the node stands for: a node covers the next step of v when its thread's first step
/// left in v has no step left before it in happens-before (an initial), or when its own step is
/// independent of every step left (a weak initial: it commutes past all of them, and runs in every
/// continuation, since a thread stays runnable until it runs). A leaf reached so, or a node whose
/// subtree already holds what is left, covers v; else what is left becomes the node's last child.
/// One instance is reused by every race.
/// </summary>
internal sealed class WakeupSequence(WakeupInsertion rule = WakeupInsertion.Exact)
{
    private readonly List<int> threads = [];
    private readonly List<Footprint> footprints = [];
    private readonly List<int[]> clocks = [];
    private readonly List<int> locals = [];
    private readonly List<bool> removed = [];
    private int left;

    /// <summary>Steps of v not yet taken out.</summary>
    public int Left => left;

    public void Clear()
    {
        threads.Clear();
        footprints.Clear();
        clocks.Clear();
        locals.Clear();
        removed.Clear();
        left = 0;
    }

    /// <summary>
    /// The next step of v: its thread, its footprint (kept by reference: copied only into a node),
    /// its clock and its own index in its thread (the clock's own entry).
    /// </summary>
    public void Add(int thread, in Footprint footprint, int[] clock, int local)
    {
        threads.Add(thread);
        footprints.Add(footprint);
        clocks.Add(clock);
        locals.Add(local);
        removed.Add(false);
        left++;
    }

    /// <summary>The thread of v's first step left.</summary>
    public int FirstThread()
    {
        for (var k = 0; k < threads.Count; k++)
        {
            if (!removed[k])
            {
                return threads[k];
            }
        }

        throw new InvalidOperationException("internal error: the reversal has no step left");
    }

    /// <summary>
    /// Whether a step of <paramref name="thread"/> with <paramref name="footprint"/> (unknown when
    /// <paramref name="known"/> is false) covers v's next step: the position of that thread's first
    /// step left when it is an initial; <see cref="WeakInitial"/> when the thread has no step left
    /// and its step commutes with every one; <see cref="NoMatch"/> otherwise.
    /// </summary>
    public int Match(int thread, in Footprint footprint, bool known)
    {
        for (var k = 0; k < threads.Count; k++)
        {
            if (removed[k] || threads[k] != thread)
            {
                continue;
            }

            return IsInitial(k) ? k : NoMatch;
        }

        if (!known)
        {
            return NoMatch;
        }

        if (rule == WakeupInsertion.WeakInitialsIgnoreFootprints)
        {
            return WeakInitial;
        }

        for (var k = 0; k < threads.Count; k++)
        {
            if (!removed[k] && !Footprint.Independent(footprint, footprints[k]))
            {
                return NoMatch;
            }
        }

        return WeakInitial;
    }

    /// <summary><see cref="Match"/>: the thread does not cover v's next step.</summary>
    public const int NoMatch = -1;

    /// <summary><see cref="Match"/>: the thread has no step in v and commutes with all of it.</summary>
    public const int WeakInitial = -2;

    /// <summary>Take v's step at <paramref name="position"/> out (a node stood for it).</summary>
    public void Remove(int position)
    {
        if (position < 0)
        {
            return;
        }

        removed[position] = true;
        left--;
    }

    /// <summary>
    /// Insert what is left of v below <paramref name="node"/>, whose sequence covered v's steps taken
    /// out so far: down the leftmost child that covers the next step, else as the last child.
    /// </summary>
    public void InsertBelow(WakeupNode node)
    {
        while (true)
        {
            if (node.Children.Count == 0 || left == 0)
            {
                // A leaf covers v (v's class starts with its sequence); an inner node whose
                // sequence is all of v is in the tree already.
                return;
            }

            WakeupNode? next = null;
            foreach (var child in node.Children)
            {
                var match = Match(child.Thread, child.Footprint, known: true);
                if (match != NoMatch)
                {
                    Remove(match);
                    next = child;
                    break;
                }
            }

            if (next is null)
            {
                node.Children.Add(Chain());
                return;
            }

            node = next;
        }
    }

    /// <summary>What is left of v as a chain of new nodes (footprints copied), its first step at the root.</summary>
    public WakeupNode Chain()
    {
        WakeupNode? root = null;
        WakeupNode? last = null;
        for (var k = 0; k < threads.Count; k++)
        {
            if (removed[k])
            {
                continue;
            }

            var node = new WakeupNode(threads[k], footprints[k].Copy());
            if (last is null)
            {
                root = node;
            }
            else
            {
                last.Children.Add(node);
            }

            last = node;
        }

        return root ?? throw new InvalidOperationException("internal error: the reversal has no step left");
    }

    /// <summary>No step left before position <paramref name="k"/> happens before it.</summary>
    private bool IsInitial(int k)
    {
        var clock = clocks[k];
        for (var j = 0; j < k; j++)
        {
            if (removed[j])
            {
                continue;
            }

            var thread = threads[j];
            if (clock.Length > thread && clock[thread] >= locals[j])
            {
                return false;
            }
        }

        return true;
    }
}
