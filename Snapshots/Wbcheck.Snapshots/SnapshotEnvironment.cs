namespace Wbcheck.Snapshots;

/// <summary>
/// Everything the snapshot library takes from the process environment, read in this one place
/// (our style keeps environment reading in tools/; detecting a build server is inherently
/// environmental, so it is isolated here and injectable). Tests build their own values with
/// <see cref="From"/> or the constructor instead of depending on the machine they run on.
/// </summary>
/// <param name="CiVariable">
/// The variable that revealed a build server, as <c>NAME=value</c>, or null on a developer machine.
/// </param>
/// <param name="AcceptNew">
/// Whether a missing verified file may be created from the received text (the opt-in
/// <c>WBCHECK_ACCEPT=1</c>). Never honoured under CI.
/// </param>
/// <param name="TempPath">The system's temporary directory, scrubbed to <c>{TempPath}</c>.</param>
public sealed record SnapshotEnvironment(string? CiVariable, bool AcceptNew, string TempPath)
{
    /// <summary>The opt-in variable that lets a developer machine create missing verified files.</summary>
    public const string AcceptVariable = "WBCHECK_ACCEPT";

    /// <summary>
    /// Variables set by build servers. <c>CI</c> counts only when true or 1 (some people set
    /// <c>CI=false</c> locally); the others count when set to anything but false or 0, since
    /// several (JENKINS_URL, TEAMCITY_VERSION) hold a URL or a version rather than a flag.
    /// </summary>
    public static IReadOnlyList<string> BuildServerVariables { get; } =
    [
        "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION",
        "BUILDKITE", "APPVEYOR", "TRAVIS", "CIRCLECI",
    ];

    /// <summary>The environment of this process, read once.</summary>
    public static SnapshotEnvironment Current { get; } = FromProcess();

    /// <summary>Whether this is a build server, where nothing is ever accepted or created.</summary>
    public bool IsCi => CiVariable is not null;

    /// <summary>Whether a missing verified file is created instead of failing the test.</summary>
    public bool MayCreateMissing => AcceptNew && !IsCi;

    /// <summary>Read the environment of this process.</summary>
    public static SnapshotEnvironment FromProcess() =>
        From(Environment.GetEnvironmentVariable, Path.GetTempPath());

    /// <summary>Build the environment from a variable lookup, so that tests can inject one.</summary>
    public static SnapshotEnvironment From(Func<string, string?> variable, string tempPath)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new SnapshotEnvironment(FindCiVariable(variable), IsTrue(variable(AcceptVariable)), tempPath);
    }

    private static string? FindCiVariable(Func<string, string?> variable)
    {
        var ci = variable("CI");
        if (IsTrue(ci))
        {
            return $"CI={ci}";
        }

        foreach (var name in BuildServerVariables)
        {
            var value = variable(name);
            if (!string.IsNullOrWhiteSpace(value) && !IsFalse(value))
            {
                return $"{name}={value}";
            }
        }

        return null;
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static bool IsFalse(string value) =>
        value.Trim() == "0" || value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
}
