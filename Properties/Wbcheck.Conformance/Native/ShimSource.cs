using System.Reflection;

namespace Wbcheck.Conformance.Native;

/// <summary>The shim's C files, embedded in this assembly.</summary>
internal static class ShimSource
{
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Shim/{name}")
            ?? throw new InvalidOperationException($"the shim file {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
