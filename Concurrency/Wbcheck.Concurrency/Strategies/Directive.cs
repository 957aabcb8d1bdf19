namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// One deviation from the guided strategy's default schedule, keyed by where the program is rather
/// than by step number, so that it keeps its meaning when other directives are dropped:
/// a switch "after <paramref name="Thread"/> has run <paramref name="Count"/> steps, run
/// <paramref name="Value"/>" (Thread -1, Count 0: the first step), or a choice "the
/// <paramref name="Count"/>-th choice of <paramref name="Thread"/> takes <paramref name="Value"/>".
/// </summary>
internal readonly record struct Directive(bool IsChoice, int Thread, int Count, int Value)
{
    public long Key => ((long)(Thread + 1) << 32) | (uint)Count;
}
