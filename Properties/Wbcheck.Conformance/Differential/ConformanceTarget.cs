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
    Func<WritepagesCase, IReadOnlyList<Anchor>> RunModel)
{
    public string DriverExport => "conform_" + Path.GetFileNameWithoutExtension(Driver);

    public override string ToString() => $"{Name} ({Version})";
}
