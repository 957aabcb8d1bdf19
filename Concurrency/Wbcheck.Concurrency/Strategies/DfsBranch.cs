namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// One branch on the DFS path: a step that had several options, and which of them this schedule
/// takes. For a thread branch the options (thread ids, the previous thread first) are stored in
/// the strategy's pool from <paramref name="Offset"/>, with the footprint of each option's step
/// once it has run; the threads asleep there (partial-order reduction) are in the sleep pool from
/// <paramref name="SleepOffset"/>. For a choice the options are 0..Count-1. A thread branch is
/// met at the schedule's step <paramref name="Step"/> (counting the steps run, not choices).
/// <paramref name="FreeFirst"/>: its first option is the previous thread, which could go on (taking
/// it is no preemption; the others each are one).
/// </summary>
internal readonly record struct DfsBranch(bool IsChoice, int Offset, int Count, int Chosen, int SleepOffset = 0, int SleepCount = 0, int Step = 0, bool FreeFirst = false);
