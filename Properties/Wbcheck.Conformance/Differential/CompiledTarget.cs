using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Native;
using Wbcheck.Conformance.Source;
using Wbcheck.Conformance.Traces;

namespace Wbcheck.Conformance.Differential;

/// <summary>A target's kernel functions read from a tree, compiled with the shim and loaded.</summary>
public sealed class CompiledTarget
{
    private readonly ShimLibrary library;

    private CompiledTarget(ConformanceTarget target, IReadOnlyList<KernelFunction> functions, ShimLibrary library, string source)
    {
        Source = source;
        Target = target;
        Functions = functions;
        this.library = library;
    }

    public ConformanceTarget Target { get; }

    public IReadOnlyList<KernelFunction> Functions { get; }

    /// <summary>The file (or patch) the functions were cut from.</summary>
    public string Source { get; }

    /// <summary>
    /// Read the target's functions from <paramref name="reader"/>'s tree, let
    /// <paramref name="edit"/> change them (a test's one-token mutation), compile and load.
    /// </summary>
    public static CompiledTarget Build(ConformanceTarget target, KernelFunctionReader reader, Func<KernelFunction, KernelFunction>? edit = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reader);
        var path = reader.TryResolveFile(target.File, target.Version, target.Through);
        Func<string, KernelFunction> read;
        Func<string, bool> defines;
        if (path is null && FromPatch(target, reader) is (var patchPath, var text))
        {
            path = patchPath;
            read = name => reader.ReadFromText(patchPath, text, name);
            defines = name => reader.DefinesInText(patchPath, text, name);
        }
        else
        {
            var filePath = path ?? reader.ResolveFile(target.File, target.Version, target.Through);
            path = filePath;
            read = name => reader.ReadFrom(filePath, name);
            defines = name => reader.Defines(filePath, name);
        }

        var names = target.CompiledFunctions.Concat(target.FromSourceWhenPresent.Where(defines)).ToList();
        var functions = names.Select(read).Select(f => edit is null ? f : edit(f)).ToList();
        var source = TranslationUnit.Build(functions, target.Driver, target.Prelude);
        var library = Gcc.Compile(source, $"{target.Name} ({string.Join(", ", names)} of {Path.GetFileName(path)})");
        return new CompiledTarget(target, functions, ShimLibrary.Load(library, target.DriverExport), path);
    }

    /// <summary>
    /// Whether <paramref name="reader"/>'s tree holds <paramref name="target"/>: its file of a
    /// version it reads (or its patch), defining <paramref name="function"/> (the target's own
    /// function when null).
    /// </summary>
    public static bool Holds(ConformanceTarget target, KernelFunctionReader reader, string? function = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reader);
        var name = function ?? target.Name;
        if (reader.TryResolveFile(target.File, target.Version, target.Through) is { } path)
        {
            return reader.Defines(path, name);
        }

        return FromPatch(target, reader) is (var patchPath, var text) && reader.DefinesInText(patchPath, text, name);
    }

    /// <summary>The target's file as its patch in the tree rebuilds it (path, text), or null when the tree has no such patch.</summary>
    private static (string Path, string Text)? FromPatch(ConformanceTarget target, KernelFunctionReader reader)
    {
        if (target.Patch is not { } patch || !File.Exists(Path.Combine(reader.Tree.Root, patch)))
        {
            return null;
        }

        var patchPath = Path.Combine(reader.Tree.Root, patch);
        return (patchPath, PatchReconstruction.Reconstruct(File.ReadAllText(patchPath), target.File));
    }

    /// <summary>
    /// Whether a run over the whole tree includes <paramref name="target"/>: the tree has its file
    /// of a version it reads (or its patch), and, where the tree's version is unknown, that file
    /// defines the target's function. A file of the version that lacks the function is included,
    /// so that the run names what is missing.
    /// </summary>
    public static bool AppliesTo(ConformanceTarget target, KernelFunctionReader reader)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reader);
        var resolution = reader.Tree.Resolve(target.File, target.Version);
        if (resolution.Path is not null && resolution.Version is not null && KernelVersions.Fits(resolution.Version, target.Version, target.Through))
        {
            return true;
        }

        return Holds(target, reader);
    }

    /// <summary>The helpers this build took from the shim's stand-ins, not from the source.</summary>
    public IReadOnlyList<string> StandInsUsed => Target.StandIns.Where(s => Functions.All(f => f.Name != s)).ToList();

    public IReadOnlyList<Anchor> RunKernel(IConformanceCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return EventSequence.ParseShim(library.Run(c.ShimPages(), c.ShimControl()));
    }
}
