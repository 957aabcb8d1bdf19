using System.Collections.Immutable;

namespace Wbcheck.Snapshots;

/// <summary>
/// How one snapshot is named, scrubbed and checked. Immutable: derive variants with
/// <c>with</c>, e.g. <c>SnapshotSettings.Default with { Parameters = [blockSize] }</c>.
/// </summary>
public sealed record SnapshotSettings
{
    public static SnapshotSettings Default { get; } = new();

    /// <summary>The file extension of the verified and received files, without a dot.</summary>
    public string Extension { get; init; } = "txt";

    /// <summary>
    /// The class part of the file name. Default: the test's source file name without extension,
    /// which is the test class under our one-type-a-file rule. Set it when that does not hold
    /// (two test classes sharing a file, or Verify called from a helper in another file).
    /// </summary>
    public string? TypeName { get; init; }

    /// <summary>The method part of the file name. Default: the calling member's name.</summary>
    public string? MethodName { get; init; }

    /// <summary>
    /// Theory case values, appended to the name as <c>_value1_value2</c> so that each case gets
    /// its own file. Required in a theory: without it every case would share one file.
    /// </summary>
    public ImmutableArray<object?> Parameters { get; init; } = [];

    /// <summary>Where the files live. Default: the directory of the test's source file.</summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>
    /// The repository root scrubbed to <c>{RepoRoot}</c>. Default: the nearest directory above the
    /// test's source file that holds <c>.git</c>.
    /// </summary>
    public string? RepoRoot { get; init; }

    /// <summary>User scrubbers; they run first, on the raw text, before the built-in ones.</summary>
    public ImmutableArray<Scrubber> Scrubbers { get; init; } = [];

    /// <summary>Replace the repository root and the temporary directory with {RepoRoot} and {TempPath}.</summary>
    public bool ScrubPaths { get; init; } = true;

    /// <summary>Replace GUIDs with Guid_1, Guid_2, ... numbered in order of first appearance.</summary>
    public bool ScrubGuids { get; init; } = true;

    /// <summary>Replace timings ("12.3 ms", "00:00:01.23") with {Duration}.</summary>
    public bool ScrubDurations { get; init; } = true;

    /// <summary>
    /// Replace seeds ("seed 42", "seed: 0x2a", "Seed=42") with {Seed}. Off by default: most of
    /// our seeds matter (a trace replays from its seed); set it only where the seed is irrelevant.
    /// </summary>
    public bool ScrubSeeds { get; init; }

    /// <summary>Lines of context around each change in the diff of a failure message.</summary>
    public int DiffContext { get; init; } = 3;

    /// <summary>The environment to obey. Default: <see cref="SnapshotEnvironment.Current"/>.</summary>
    public SnapshotEnvironment? Environment { get; init; }

    /// <summary>Add a scrubber that replaces matches of <paramref name="pattern"/> with <paramref name="replacement"/>.</summary>
    public SnapshotSettings WithScrubber(string pattern, string replacement) =>
        this with { Scrubbers = [.. Scrubbers.IsDefault ? [] : Scrubbers, new Scrubber(pattern, replacement)] };

    /// <summary>Name the file after a theory case: <c>Class.Method_value1_value2</c>.</summary>
    public SnapshotSettings WithParameters(params object?[] values) =>
        this with { Parameters = [.. values] };
}
