namespace Wbcheck.Concurrency;

/// <summary>Why a test run stopped.</summary>
public enum StopReason : byte
{
    /// <summary>It ran every configured iteration.</summary>
    IterationsDone,

    /// <summary>It found a bug and was told to stop at the first.</summary>
    BugFound,

    /// <summary>DFS explored every schedule in its (bounded) space.</summary>
    SpaceExhausted,

    /// <summary>The time budget ran out.</summary>
    TimeBudget,
}
