namespace Wbcheck.Snapshots.Tests;

/// <summary>Injected environments, so that no test depends on the variables of the machine it runs on.</summary>
internal static class TestEnvironments
{
    public static SnapshotEnvironment Local { get; } = new(CiVariable: null, AcceptNew: false, Path.GetTempPath());

    public static SnapshotEnvironment LocalAcceptingNew { get; } = Local with { AcceptNew = true };

    /// <summary>A build server where someone also set the accept variable: CI must still win.</summary>
    public static SnapshotEnvironment Ci { get; } = new(CiVariable: "CI=true", AcceptNew: true, Path.GetTempPath());

    /// <summary>Settings that put the files of snapshot Sample.Case in <paramref name="directory"/>.</summary>
    public static SnapshotSettings In(TemporaryDirectory directory, SnapshotEnvironment environment) => new()
    {
        SnapshotDirectory = directory.Path,
        TypeName = "Sample",
        MethodName = "Case",
        Environment = environment,
    };
}
