using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The visited table drops a state only at its budget's size: a run of full slots longer than a
/// lookup reaches makes it grow first. Before, states were dropped at a tenth of the table's
/// capacity, and since which states cluster depends on their fingerprints, a search's counts
/// changed from run to run.
/// </summary>
public sealed class VisitedStatesTableTests
{
    private static readonly VisitClaim Claim = new(Depth: 1, PreemptionsLeft: 0, LastThread: 0, Asleep: 0);

    /// <summary>
    /// 40 fingerprints in one slot of the first table (4,096 entries), two runs of 20 in a table
    /// twice as large: more than the 32 slots a lookup reaches, then within it.
    /// </summary>
    private static readonly ulong[] Clustered = [.. Enumerable.Range(1, 40).Select(i => (ulong)i << 12)];

    [Fact]
    public void A_cluster_longer_than_a_lookup_grows_the_table_rather_than_drop_states()
    {
        var table = new VisitedStates(1 << 20);
        for (var i = 0; i < Clustered.Length; i++)
        {
            Assert.Equal(Coverage.New, table.Visit(Clustered[i], Claim, i, out _));
            table.Finish(Clustered[i], Claim, complete: true);
        }

        Assert.Equal(0, table.Dropped);
        Assert.Equal(Clustered.Length, table.Stored);
        // Every one found again after the growth: complete visits cover a later one.
        foreach (var fingerprint in Clustered)
        {
            Assert.Equal(Coverage.Complete, table.Visit(fingerprint, Claim, 0, out _));
        }
    }

    [Fact]
    public void At_the_budgets_size_a_state_out_of_reach_is_dropped_and_counted()
    {
        // A budget of 4,096 entries: the table cannot grow past its first size.
        var table = new VisitedStates(4096L * VisitedStates.EntryBytes);
        Assert.Equal(4096, table.Capacity);
        foreach (var fingerprint in Clustered)
        {
            table.Visit(fingerprint, Claim, 0, out _);
        }

        Assert.Equal(Clustered.Length - 32, table.Dropped);
        Assert.Equal(32, table.Stored);
    }
}
