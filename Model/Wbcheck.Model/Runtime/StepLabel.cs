namespace Wbcheck.Model.Runtime;

/// <summary>
/// What a thread is about to do at a scheduling point: the modelled kernel function and, where
/// it has one, the page index it acts on. A value type with a constant string, so labelling a
/// step costs nothing; it is rendered only when a trace is written. The model's "to the end"
/// (long.MaxValue, the kernel's LLONG_MAX) renders as the kernel writes it.
/// </summary>
public readonly record struct StepLabel(string Function, long Arg = StepLabel.NoArg)
{
    public const long NoArg = long.MinValue;

    /// <summary>How an argument of long.MaxValue is written.</summary>
    public const string LLongMaxText = "LLONG_MAX";

    public override string ToString() =>
        Arg == NoArg ? Function
        : Arg == long.MaxValue ? $"{Function}({LLongMaxText})"
        : $"{Function}({Arg})";
}
