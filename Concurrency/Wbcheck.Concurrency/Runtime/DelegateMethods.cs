using System.Runtime.CompilerServices;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The method a single-target delegate calls, as the fingerprint mixes it (its method handle),
/// without asking reflection for each delegate: <see cref="Delegate.Method"/> builds a
/// <see cref="System.Reflection.MethodInfo"/> the first time a delegate is asked, and the
/// program makes fresh delegates in every iteration (its threads' bodies, its monitors'
/// closures). The runtime's own code pointers of the delegate (the entry it jumps to and, for a
/// static or open one, the method behind the shuffle stub), with the type of its target, name
/// one method for as long as the process runs; reflection is asked once for each such key.
/// </summary>
internal sealed class DelegateMethods
{
    private readonly Dictionary<(nint Entry, nint Aux, Type? Target), ulong> handles = [];
    private readonly bool pointersReadable = PointersReadable();

    /// <summary>The method handle of <paramref name="del"/>'s one method, as <c>del.Method.MethodHandle.Value</c>.</summary>
    internal ulong HandleOf(Delegate del)
    {
        if (!pointersReadable)
        {
            return (ulong)del.Method.MethodHandle.Value;
        }

        var key = (EntryOf(del), AuxOf(del), del.Target?.GetType());
        ref var handle = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(handles, key, out var known);
        if (!known)
        {
            handle = (ulong)del.Method.MethodHandle.Value;
        }

        return handle;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtr")]
    private static extern ref nint EntryOf(Delegate del);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtrAux")]
    private static extern ref nint AuxOf(Delegate del);

    /// <summary>Whether this runtime's delegates have the fields read above (CoreCLR's do); if not, reflection each time.</summary>
    private static bool PointersReadable()
    {
        try
        {
            Action probe = PointersReadableProbe;
            return EntryOf(probe) != 0;
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }

    private static void PointersReadableProbe()
    {
    }
}
