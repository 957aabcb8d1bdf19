using System.Runtime.InteropServices;
using System.Text;

namespace Wbcheck.Conformance.Native;

/// <summary>
/// A compiled shim with kernel functions in it, loaded once. Its drivers have the signature
/// <c>int conform_X(const long *pages, int npages, const long *wbc, char *out, int out_len)</c>
/// and return how much of <c>out</c> they filled. The shim keeps one case in global state, so
/// calls are serialized.
/// </summary>
public sealed unsafe class ShimLibrary
{
    private const int OutputSize = 1 << 17;
    private static readonly Lock CallLock = new();
    private static readonly Dictionary<string, ShimLibrary> Loaded = [];

    private readonly delegate* unmanaged[Cdecl]<long*, int, long*, byte*, int, int> driver;

    private ShimLibrary(nint handle, string driverName) =>
        driver = (delegate* unmanaged[Cdecl]<long*, int, long*, byte*, int, int>)NativeLibrary.GetExport(handle, driverName);

    /// <summary>Load the library at <paramref name="path"/> (once per path) and find its driver.</summary>
    public static ShimLibrary Load(string path, string driverName)
    {
        lock (CallLock)
        {
            var key = path + "\n" + driverName;
            if (!Loaded.TryGetValue(key, out var library))
            {
                library = new ShimLibrary(NativeLibrary.Load(path), driverName);
                Loaded[key] = library;
            }

            return library;
        }
    }

    /// <summary>Run one case; returns what the shim recorded.</summary>
    public string Run(long[] pages, long[] control)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(control);
        var output = new byte[OutputSize];
        lock (CallLock)
        {
            fixed (long* p = pages)
            fixed (long* c = control)
            fixed (byte* o = output)
            {
                var used = driver(p, pages.Length, c, o, output.Length);
                return Encoding.ASCII.GetString(output, 0, used);
            }
        }
    }
}
