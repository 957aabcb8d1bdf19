using Wbcheck.Concurrency.Bugs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Traces;

/// <summary>The names enums take in trace files and timelines: kebab case, stable across renames of the C# members.</summary>
internal static class TraceNames
{
    private static readonly string[] DecisionNames =
        ["start", "yield", "lock", "wait", "spinlock", "submit-io", "complete-io", "choice", "read", "write"];

    private static readonly string[] BugNames =
    [
        "model-assertion", "unhandled-exception", "safety-monitor", "deadlock", "livelock",
        "sleeping-while-atomic", "max-steps-exceeded", "uncontrolled-concurrency", "kernel-arithmetic",
    ];

    // Labels of choices, allocated once: recording a choice must not allocate.
    private static readonly StepLabel[] ChoiceLabels =
        [new("io-result"), new("reclaim-victim"), new("scenario")];

    public static string Of(DecisionKind kind) => DecisionNames[(int)kind];

    public static string Of(BugKind kind) => BugNames[(int)kind];

    public static StepLabel LabelOf(ChoiceKind kind) => ChoiceLabels[(int)kind];

    public static DecisionKind ToDecision(PointKind kind) => kind switch
    {
        PointKind.Start => DecisionKind.Start,
        PointKind.Yield => DecisionKind.Yield,
        PointKind.Lock => DecisionKind.Lock,
        PointKind.Wait => DecisionKind.Wait,
        PointKind.SpinLock => DecisionKind.SpinLock,
        PointKind.SubmitIo => DecisionKind.SubmitIo,
        PointKind.CompleteIo => DecisionKind.CompleteIo,
        PointKind.Read => DecisionKind.Read,
        PointKind.Write => DecisionKind.Write,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scheduling point kind"),
    };

    public static bool TryParseDecision(string name, out DecisionKind kind) => TryParse(DecisionNames, name, out kind);

    public static bool TryParseBug(string name, out BugKind kind) => TryParse(BugNames, name, out kind);

    public static IReadOnlyList<string> DecisionKindNames => DecisionNames;

    public static IReadOnlyList<string> BugKindNames => BugNames;

    private static bool TryParse<T>(string[] names, string name, out T value)
        where T : struct, Enum
    {
        var index = Array.IndexOf(names, name);
        value = index >= 0 ? (T)Enum.ToObject(typeof(T), index) : default;
        return index >= 0;
    }
}
