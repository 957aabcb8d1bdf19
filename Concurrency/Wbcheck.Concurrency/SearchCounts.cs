namespace Wbcheck.Concurrency;

/// <summary>What DFS's reductions saved: schedules stopped early, and the visited-state table of stateful search.</summary>
/// <param name="SleepBlocked">Schedules stopped because every thread allowed to run slept (partial-order reduction).</param>
/// <param name="StatesPruned">Schedules stopped at a state already explored (stateful search).</param>
/// <param name="StatesStored">States in the visited table.</param>
/// <param name="StatesDropped">States not stored because the table's budget was used up (pruning lost, no state).</param>
/// <param name="TableCapacity">Entries the table holds; 0 when the search is stateless.</param>
public sealed record SearchCounts(long SleepBlocked, long StatesPruned, long StatesStored, long StatesDropped, int TableCapacity);
