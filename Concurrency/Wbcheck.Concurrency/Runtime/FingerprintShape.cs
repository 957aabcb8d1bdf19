namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// How <see cref="StateFingerprint"/> treats the objects of one type, settled once per type so
/// that an object costs one table lookup: its kind, the hash of its type, and the walker of its
/// contents (fields, or a collection's items).
/// </summary>
internal sealed class FingerprintShape(FingerprintShape.ShapeKind kind, ulong typeHash, Action<object, StateFingerprint>? walk)
{
    internal enum ShapeKind
    {
        /// <summary>Engine bookkeeping, reflection and OS objects: not state.</summary>
        Ignored,

        /// <summary>Immutable text: hashed by its characters where it is met, never numbered.</summary>
        String,

        /// <summary>A boxed struct or primitive: its value is what counts, walked where it is met.</summary>
        Boxed,

        /// <summary>Numbered when first met and walked in turn: delegates, arrays, collections, objects.</summary>
        Object,
    }

    public ShapeKind Kind { get; } = kind;

    public ulong TypeHash { get; } = typeHash;

    /// <summary>Feeds the contents to the fingerprint (null for <see cref="ShapeKind.Ignored"/> and <see cref="ShapeKind.String"/>).</summary>
    public Action<object, StateFingerprint>? Walk { get; } = walk;
}
