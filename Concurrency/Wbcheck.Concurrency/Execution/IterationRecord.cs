namespace Wbcheck.Concurrency.Execution;

/// <summary>An iteration a worker ran for its shard: its number, its length, and whether fair scheduling took over.</summary>
internal readonly record struct IterationRecord(int Iteration, int Steps, bool ReachedFairPhase);
