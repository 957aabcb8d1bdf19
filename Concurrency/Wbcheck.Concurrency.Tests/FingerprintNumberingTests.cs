using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The fingerprint numbers each object in the order its breadth-first walk meets it, through its
/// own identity table: past the table's first size, from one fingerprint to the next on a reused
/// fingerprinter, the numbering stays by shape, not by address or by what was walked before.
/// </summary>
public sealed class FingerprintNumberingTests
{
    private static readonly ControlledRuntime NoThreads = new(new Workspace(), new RandomStrategy());

    [Fact]
    public void A_large_graph_is_numbered_by_its_shape()
    {
        var fingerprint = new StateFingerprint();
        var ring = Ring(3000, 2500, share: false);

        // The same shape built again, and the same graph again on the reused fingerprinter.
        Assert.Equal(fingerprint.Compute(NoThreads, [ring]), fingerprint.Compute(NoThreads, [Ring(3000, 2500, share: false)]));
        Assert.Equal(fingerprint.Compute(NoThreads, [ring]), fingerprint.Compute(NoThreads, [ring]));
        Assert.Equal(1 + 3000 + 3000, fingerprint.LastObjects); // the array, the nodes, their cells

        // One cell shared by two nodes where the other graph has two equal cells: another state.
        Assert.NotEqual(fingerprint.Compute(NoThreads, [ring]), fingerprint.Compute(NoThreads, [Ring(3000, 2500, share: true)]));

        // One value changed deep in the graph.
        var changed = Ring(3000, 2500, share: false);
        changed[2999].Value.Value = 7;
        Assert.NotEqual(fingerprint.Compute(NoThreads, [ring]), fingerprint.Compute(NoThreads, [changed]));
    }

    [Fact]
    public void A_small_graph_after_a_large_one_is_numbered_afresh()
    {
        var reused = new StateFingerprint();
        reused.Compute(NoThreads, [Ring(3000, 2500, share: false)]);
        var small = Ring(5, 3, share: true);

        Assert.Equal(new StateFingerprint().Compute(NoThreads, [small]), reused.Compute(NoThreads, [small]));
        Assert.Equal(1 + 5 + 4, reused.LastObjects);
    }

    [Fact]
    public void A_collection_during_the_walk_gives_the_same_fingerprint()
    {
        // The table probes by address; a collection that moves the objects the walk has already
        // numbered makes the probes miss them, unless the walk is done again.
        var expected = new StateFingerprint().Compute(NoThreads, [Ring(3000, 2500, share: false)]);
        var ring = Ring(3000, 2500, share: false, garbage: true);
        var collections = 0;
        var moved = 0;
        var moving = new StateFingerprint
        {
            DuringWalk = () =>
            {
                collections++;
                var before = Array.ConvertAll(ring, AddressOf);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                moved += ring.Where((node, i) => AddressOf(node) != before[i]).Count();
            },
        };

        Assert.Equal(expected, moving.Compute(NoThreads, [ring]));
        Assert.Equal(3000 * 2 + 1, moving.LastObjects);
        Assert.Equal(2, collections); // the walk by address, then the walk again by identity hash
        Assert.True(moved > 0, "no collection moved a node, so the test did not exercise the redo");
    }

    /// <summary>Where the object is now: what the fingerprint's table probes by.</summary>
    private static nuint AddressOf(Node node)
    {
        object reference = node;
        return Unsafe.As<object, nuint>(ref reference);
    }

    /// <summary>
    /// Nodes in a ring, node i with a cell holding i, but node <paramref name="at"/>, whose cell
    /// holds its predecessor's value: its predecessor's cell when <paramref name="share"/>, else a cell of its own.
    /// With <paramref name="garbage"/>, garbage is allocated between the nodes, so that a compacting
    /// collection moves them.
    /// </summary>
    private static Node[] Ring(int count, int at, bool share, bool garbage = false)
    {
        var nodes = new Node[count];
        var dropped = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            nodes[i] = new Node { Value = i != at ? new Cell<int>(i) : share ? nodes[i - 1].Value : new Cell<int>(i - 1) };
            if (garbage)
            {
                dropped.Add(new byte[256]);
            }
        }

        dropped.Clear();

        for (var i = 0; i < count; i++)
        {
            nodes[i].Next = nodes[(i + 1) % count];
        }

        return nodes;
    }

    private sealed class Node
    {
        public Node? Next { get; set; }

        public Cell<int> Value { get; set; } = new(0);
    }
}
