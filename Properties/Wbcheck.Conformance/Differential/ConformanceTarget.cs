using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Traces;

namespace Wbcheck.Conformance.Differential;

/// <summary>
/// A kernel function compared with the model: the file and version it is read from, the
/// functions compiled from that source with it (the helpers it calls that the file defines), the
/// shim driver that calls it, and the model's run of the same case.
/// </summary>
public sealed record ConformanceTarget(
    string Name,
    string File,
    string Version,
    IReadOnlyList<string> CompiledFunctions,
    string Driver,
    Func<IConformanceCase, IReadOnlyList<Anchor>> RunModel)
{
    /// <summary>
    /// Where the tree has no <see cref="File"/> of <see cref="Version"/>, a patch in the tree's
    /// folder whose hunks show the functions whole (see <see cref="Source.PatchReconstruction"/>).
    /// </summary>
    public string? Patch { get; init; }

    /// <summary>
    /// The last version whose text the target still fits (the driver and the model's era), when
    /// the functions are the same from <see cref="Version"/> on; a tree of any version between the
    /// two is read. Null: only <see cref="Version"/> and its stable releases.
    /// </summary>
    public string? Through { get; init; }

    /// <summary>Helpers the functions call that the source at hand does not hold: the shim's stand-ins, written from that version.</summary>
    public IReadOnlyList<string> StandIns { get; init; } = [];

    /// <summary>
    /// Those of <see cref="StandIns"/> that are compiled from the source instead where it defines
    /// them (a whole kernel tree does; a patch that shows only some hunks does not). The prelude
    /// keeps each stand-in behind <c>#ifndef WBCHECK_FROM_SOURCE_name</c>.
    /// </summary>
    public IReadOnlyList<string> FromSourceWhenPresent { get; init; } = [];

    /// <summary>The generated cases, with their shrinker.</summary>
    public Func<FsCheck.Arbitrary<IConformanceCase>> Cases { get; init; } = () => throw new InvalidOperationException("no case generator");

    /// <summary>A shim file with that version's calls and stand-ins, put before the kernel functions.</summary>
    public string? Prelude { get; init; }

    public string DriverExport => "conform_" + Path.GetFileNameWithoutExtension(Driver);

    /// <summary>The version, or the range of versions, the target reads.</summary>
    public string Versions => Through is null ? Version : $"{Version}-{Through}";

    public override string ToString() => $"{Name} ({Version})";
}
