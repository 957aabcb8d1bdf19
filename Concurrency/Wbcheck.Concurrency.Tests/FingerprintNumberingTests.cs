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

    /// <summary>
    /// Nodes in a ring, node i with a cell holding i, but node <paramref name="at"/>, whose cell
    /// holds its predecessor's value: its predecessor's cell when <paramref name="share"/>, else a cell of its own.
    /// </summary>
    private static Node[] Ring(int count, int at, bool share)
    {
        var nodes = new Node[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = new Node { Value = i != at ? new Cell<int>(i) : share ? nodes[i - 1].Value : new Cell<int>(i - 1) };
        }

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
