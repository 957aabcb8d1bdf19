using System.Reflection;
using System.Runtime.InteropServices;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// Walkers of the framework's collections for <see cref="StateFingerprint"/>: by their items, not
/// their buckets, spare capacity or modification counters. A dictionary goes by its entries in
/// the order of its keys when the keys are plain values (so that the order of insertion does not
/// count), else in its own order; lists, sets, queues and stacks by their items in their own
/// order. Typed per collection type, so that reading an item boxes nothing it need not.
/// </summary>
internal static class CollectionWalkers
{
    private static readonly MethodInfo DictionaryWalker = Method(nameof(WalkDictionary));
    private static readonly MethodInfo ListWalker = Method(nameof(WalkList));
    private static readonly MethodInfo SequenceWalker = Method(nameof(WalkSequence));
    private static readonly MethodInfo SetWalker = Method(nameof(WalkSet));

    /// <summary>The walker of a collection of <c>System.Collections.Generic</c>, or null for another type.</summary>
    internal static Action<object, StateFingerprint>? For(Type type)
    {
        if (type.Namespace != "System.Collections.Generic")
        {
            return null;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            return PlainHashers.For(arguments[0]) is not null || arguments[0].IsValueType || arguments[0].IsSealed
                ? Make(DictionaryWalker, arguments)
                : WalkAnyDictionary; // keys typed as a base class or interface: plain or not, key by key
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return Make(ListWalker, type.GetGenericArguments());
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(HashSet<>))
        {
            return Make(SetWalker, type.GetGenericArguments());
        }

        if (typeof(System.Collections.IDictionary).IsAssignableFrom(type))
        {
            return WalkAnyDictionary;
        }

        var sequence = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (sequence is not null)
        {
            return Make(SequenceWalker, sequence.GetGenericArguments());
        }

        return typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? WalkAnySequence : null;
    }

    private static MethodInfo Method(string name) => typeof(CollectionWalkers).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!;

    private static Action<object, StateFingerprint> Make(MethodInfo generic, Type[] arguments) =>
        generic.MakeGenericMethod(arguments).CreateDelegate<Action<object, StateFingerprint>>();

    private static void WalkDictionary<TKey, TValue>(object value, StateFingerprint fingerprint)
        where TKey : notnull
    {
        var dictionary = (Dictionary<TKey, TValue>)value;
        var count = dictionary.Count;
        fingerprint.Mix((ulong)count);
        if (count <= 1 || PlainKey<TKey>.Hash is not { } plain)
        {
            // Nothing to order (no entry or one), or keys that are not plain: in the dictionary's order.
            foreach (var (key, item) in dictionary)
            {
                fingerprint.Item(key);
                fingerprint.Item(item);
            }

            return;
        }

        // The fingerprint's own scratch arrays, not the shared pool's (which costs a thread-local
        // look-up at each rent and return); sorted as before, so the same order and fingerprint.
        var keys = fingerprint.Scratch<ulong>(count);
        var entries = fingerprint.Scratch<KeyValuePair<TKey, TValue>>(count);
        var i = 0;
        foreach (var entry in dictionary)
        {
            keys[i] = plain(entry.Key);
            entries[i++] = entry;
        }

        Array.Sort(keys, entries, 0, count);
        for (i = 0; i < count; i++)
        {
            fingerprint.Item(entries[i].Key);
            fingerprint.Item(entries[i].Value);
        }

        // The scratch keeps nothing of the state alive: the fingerprint clears it when the walk ends.
    }

    /// <summary>The plain hasher of keys typed <typeparamref name="TKey"/>, built once and taking them unboxed.</summary>
    private static class PlainKey<TKey>
    {
        public static readonly Func<TKey, ulong>? Hash = PlainHashers.Typed<TKey>();
    }

    private static void WalkList<T>(object value, StateFingerprint fingerprint)
    {
        var items = CollectionsMarshal.AsSpan((List<T>)value);
        fingerprint.Mix((ulong)items.Length);
        fingerprint.Items(items);
    }

    // A set in its own order, as any sequence (the same fingerprint), but through the set's own
    // enumerator: walking it as IEnumerable<T> boxed a new enumerator at every walk.
    private static void WalkSet<T>(object value, StateFingerprint fingerprint) => fingerprint.Members((HashSet<T>)value);

    private static void WalkSequence<T>(object value, StateFingerprint fingerprint)
    {
        foreach (var item in (IEnumerable<T>)value)
        {
            fingerprint.Item(item);
        }
    }

    private static void WalkAnySequence(object value, StateFingerprint fingerprint)
    {
        foreach (var item in (System.Collections.IEnumerable)value)
        {
            fingerprint.Reference(item);
        }
    }

    private static void WalkAnyDictionary(object value, StateFingerprint fingerprint)
    {
        var entries = new List<(ulong KeyHash, object Key, object? Value)>();
        var plain = true;
        foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value)
        {
            var keyHash = plain ? PlainHashers.Of(entry.Key) : null;
            plain = keyHash is not null;
            entries.Add((keyHash ?? 0, entry.Key, entry.Value));
        }

        if (plain)
        {
            entries.Sort(static (x, y) => x.KeyHash.CompareTo(y.KeyHash));
        }

        fingerprint.Mix((ulong)entries.Count);
        foreach (var (_, key, item) in entries)
        {
            fingerprint.Reference(key);
            fingerprint.Reference(item);
        }
    }
}
