using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The method a single-target delegate calls, as the fingerprint mixes it: a hash of the method's
/// assembly, declaring type, signature and metadata token, the same in every process (a method
/// handle is an address, different in each run, and fingerprints that differ from run to run fill
/// the visited table differently: its drops, and so the counts of a search, would too). Found
/// without asking reflection for each delegate: <see cref="Delegate.Method"/> builds a
/// <see cref="MethodInfo"/> the first time a delegate is asked, and the program makes fresh
/// delegates in every iteration (its threads' bodies, its monitors' closures). The runtime's own
/// code pointers of the delegate (the entry it jumps to and, for a static or open one, the method
/// behind the shuffle stub), with the type of its target, name one method for as long as the
/// process runs; reflection is asked once for each such key.
/// </summary>
internal sealed class DelegateMethods
{
    private static readonly bool PointersReadable = ProbePointers();

    private const int CacheSize = 256;

    private readonly Dictionary<(nint Entry, nint Aux, Type? Target), ulong> byPointers = [];
    private readonly Dictionary<nint, ulong> byHandle = [];
    // A direct-mapped cache in front of byPointers (a miss only costs the dictionary's look-up):
    // a state holds a few dozen delegates, mostly of the same handful of methods.
    private readonly Cached[] cache = new Cached[CacheSize];

    /// <summary>The identity of <paramref name="del"/>'s one method (<see cref="IdentityOf(MethodInfo)"/>).</summary>
    internal ulong IdentityOf(Delegate del)
    {
        if (!PointersReadable)
        {
            return IdentityOf(del.Method);
        }

        var (entry, aux, target) = (EntryOf(del), AuxOf(del), del.Target?.GetType());
        ref var cached = ref cache[(int)(((ulong)(entry ^ aux) * 0x9E3779B97F4A7C15UL) >> 56)];
        if (cached.Entry == entry && cached.Aux == aux && ReferenceEquals(cached.Target, target) && cached.Entry != 0)
        {
            return cached.Identity;
        }

        ref var identity = ref CollectionsMarshal.GetValueRefOrAddDefault(byPointers, (entry, aux, target), out var known);
        if (!known)
        {
            identity = IdentityOf(del.Method);
        }

        cached = new Cached(entry, aux, target, identity);
        return identity;
    }

    /// <summary>
    /// A hash of <paramref name="method"/>'s assembly, declaring type (with its type arguments),
    /// signature (with the method's own type arguments) and metadata token: two methods differ
    /// in one of them, and none depends on where the process put the method.
    /// </summary>
    internal ulong IdentityOf(MethodInfo method)
    {
        ref var identity = ref CollectionsMarshal.GetValueRefOrAddDefault(byHandle, method.MethodHandle.Value, out var known);
        if (!known)
        {
            var hash = PlainHashers.HashOfText(method.Module.Assembly.FullName);
            hash = (hash ^ PlainHashers.HashOfText(method.DeclaringType?.FullName ?? method.DeclaringType?.Name)) * 0x100000001B3UL;
            hash = (hash ^ PlainHashers.HashOfText(method.ToString())) * 0x100000001B3UL;
            identity = (hash ^ (ulong)(uint)method.MetadataToken) * 0x9E3779B97F4A7C15UL;
        }

        return identity;
    }

    private readonly record struct Cached(nint Entry, nint Aux, Type? Target, ulong Identity);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtr")]
    private static extern ref nint EntryOf(Delegate del);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtrAux")]
    private static extern ref nint AuxOf(Delegate del);

    /// <summary>Whether this runtime's delegates have the fields read above (CoreCLR's do); if not, reflection each time.</summary>
    private static bool ProbePointers()
    {
        try
        {
            Action probe = Probe;
            return EntryOf(probe) != 0;
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }

    private static void Probe()
    {
    }
}
