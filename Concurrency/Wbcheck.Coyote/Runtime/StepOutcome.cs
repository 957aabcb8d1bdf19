namespace Wbcheck.Coyote.Runtime;

/// <summary>How a model thread's step under Coyote ended.</summary>
internal enum StepOutcome
{
    /// <summary>At its next scheduling point, able to run.</summary>
    Runnable,

    /// <summary>At its next scheduling point, asleep on a wait queue.</summary>
    Sleeping,

    /// <summary>Its body returned or threw; or the iteration stopped.</summary>
    Done,
}
