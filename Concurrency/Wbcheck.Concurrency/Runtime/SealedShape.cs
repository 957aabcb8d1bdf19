namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The shape of the objects a field of a sealed class type holds, for a field walker
/// (<see cref="FieldWalkers"/>): every such object is of exactly that type, so the fingerprint
/// settles its shape on the first one met, not by a lookup per object. Settled lazily: types
/// that refer to each other (a page and its mapping) build their walkers in turn.
/// </summary>
internal sealed class SealedShape(Type type)
{
    public Type Type { get; } = type;

    public FingerprintShape? Shape { get; set; }
}
