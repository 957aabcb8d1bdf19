using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Native;
using Wbcheck.Conformance.Source;
using Wbcheck.Conformance.Traces;

namespace Wbcheck.Conformance.Differential;

/// <summary>A target's kernel functions read from a tree, compiled with the shim and loaded.</summary>
public sealed class CompiledTarget
{
    private readonly ShimLibrary library;

    private CompiledTarget(ConformanceTarget target, IReadOnlyList<KernelFunction> functions, ShimLibrary library)
    {
        Target = target;
        Functions = functions;
        this.library = library;
    }

    public ConformanceTarget Target { get; }

    public IReadOnlyList<KernelFunction> Functions { get; }

    /// <summary>
    /// Read the target's functions from <paramref name="reader"/>'s tree, let
    /// <paramref name="edit"/> change them (a test's one-token mutation), compile and load.
    /// </summary>
    public static CompiledTarget Build(ConformanceTarget target, KernelFunctionReader reader, Func<KernelFunction, KernelFunction>? edit = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reader);
        var path = reader.TryResolveFile(target.File, target.Version);
        IEnumerable<KernelFunction> read;
        if (path is null && target.Patch is { } patch && File.Exists(Path.Combine(reader.Tree.Root, patch)))
        {
            path = Path.Combine(reader.Tree.Root, patch);
            var text = PatchReconstruction.Reconstruct(File.ReadAllText(path), target.File);
            read = target.CompiledFunctions.Select(name => reader.ReadFromText(path, text, name));
        }
        else
        {
            path ??= reader.ResolveFile(target.File, target.Version);
            read = target.CompiledFunctions.Select(name => reader.ReadFrom(path, name));
        }

        var functions = read.Select(f => edit is null ? f : edit(f)).ToList();
        var source = TranslationUnit.Build(functions, target.Driver, target.Prelude);
        var library = Gcc.Compile(source, $"{target.Name} ({string.Join(", ", target.CompiledFunctions)} of {Path.GetFileName(path)})");
        return new CompiledTarget(target, functions, ShimLibrary.Load(library, target.DriverExport));
    }

    public IReadOnlyList<Anchor> RunKernel(IConformanceCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return EventSequence.ParseShim(library.Run(c.ShimPages(), c.ShimControl()));
    }
}
