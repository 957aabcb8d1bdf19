namespace Wbcheck.Model.Runtime;

/// <summary>What a nondeterministic choice decides, recorded in traces.</summary>
public enum ChoiceKind : byte
{
    /// <summary>Whether an I/O completes with an error, and which.</summary>
    IoResult,

    /// <summary>
    /// Which page reclaim picks. No model step makes this choice since reclaim takes the LRU's
    /// tail (wbcheck-model/15); kept so that the kinds after it keep their numbers.
    /// </summary>
    ReclaimVictim,

    /// <summary>Any other choice a scenario makes.</summary>
    Scenario,
}
