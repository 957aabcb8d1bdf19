namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// One branch on the DFS path: a step that had several options, and which of them this schedule
/// takes. For a thread branch the options (thread ids, the previous thread first) are stored in
/// the strategy's pool from <paramref name="Offset"/>; for a choice they are 0..Count-1.
/// </summary>
internal readonly record struct DfsBranch(bool IsChoice, int Offset, int Count, int Chosen);
