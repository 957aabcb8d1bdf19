namespace Wbcheck.Properties.Filesystems;

/// <summary>A user's filesystem broke a race scenario: the message has the bug and its minimized trace, step by step.</summary>
public sealed class FilesystemCheckFailedException(FilesystemScenarioResult result)
    : Exception($"scenario '{result.Scenario}' on your filesystem: {result.Problem}{(result.Timeline is null ? "" : $"\nminimized trace:\n{result.Timeline}")}")
{
    /// <summary>What the check found: the searches, the minimized trace and the problem.</summary>
    public FilesystemScenarioResult Result { get; } = result;
}
