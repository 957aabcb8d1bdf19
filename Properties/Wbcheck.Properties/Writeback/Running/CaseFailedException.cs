namespace Wbcheck.Properties.Writeback.Running;

/// <summary>A case broke an invariant; the message is the whole report of <see cref="Failure"/>.</summary>
public sealed class CaseFailedException(CaseFailure failure) : Exception(failure.Describe())
{
    public CaseFailure Failure { get; } = failure;
}
