using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// A 64-bit fingerprint of the program's state between two steps, for stateful search and lasso
/// detection. It covers, for each thread: its status, the scheduling point it waits at (kind,
/// function, argument), the wait queue it sleeps on, and everything reachable from its
/// continuation: the state machine of each async method on its stack (the state number, the
/// hoisted locals and parameters, the awaiters) and, through them, the program's objects (the
/// kernel model, its pages, tags, counters, locks and queues); and what the monitors' closures
/// reach. The object graph is walked breadth-first from those roots in a fixed order, and each
/// object is numbered when first met, so the fingerprint does not depend on addresses: two states
/// that differ only in which heap objects hold the same values, reached in the same shape, get the
/// same fingerprint. Not covered, by design: the runtime and the synchronization context (the
/// engine's own bookkeeping: step count, trace), the pooled frames' reuse counters and the
/// ValueTask tokens that carry them (how often a frame was recycled is history, not state), task
/// ids and execution contexts, and static fields (the model keeps no state there: the program
/// contract). Sound only as far as that contract holds: state kept in a static, or outside what the
/// threads and monitors reach, is not seen, and two states differing only there would be taken as one.
/// </summary>
internal sealed class StateFingerprint
{
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Shapes = new();
    private static readonly ConcurrentDictionary<Type, ulong> TypeHashes = new();
    private static readonly HashSet<string> SkippedFields =
    [
        "<Version>k__BackingField", "_token", "nextFree", "m_taskId", "m_stateFlags", "m_contingentProperties",
        "m_stateObject", "m_action", "m_taskScheduler", "m_parent", "Context", "m_executionContext", "_version",
    ];

    private readonly Dictionary<object, int> numbers = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<object> pending = new();
    private readonly List<(ulong KeyHash, object Key, object? Value)> entries = [];
    private readonly Dictionary<string, ulong> stringHashes = new(ReferenceEqualityComparer.Instance);
    private ulong hash;

    /// <summary>Objects the last fingerprint walked (for measuring its cost).</summary>
    internal int LastObjects => numbers.Count;

    /// <summary>The fingerprint of the state <paramref name="runtime"/>'s threads and <paramref name="roots"/> are in.</summary>
    internal ulong Compute(ControlledRuntime runtime, object?[] roots)
    {
        numbers.Clear();
        pending.Clear();
        hash = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < runtime.ThreadCount; i++)
        {
            ref readonly var slot = ref runtime.SlotOf(i);
            Mix((ulong)slot.Status);
            Mix((ulong)slot.PendingKind);
            MixString(slot.PendingLabel.Function);
            Mix((ulong)slot.PendingLabel.Arg);
            Reference(slot.SleepingOn);
            Reference(slot.Body);
            Reference(slot.Continuation);
        }

        foreach (var root in roots)
        {
            Reference(root);
        }

        while (pending.TryDequeue(out var next))
        {
            Walk(next);
        }

        return Finish(hash);
    }

    private void Walk(object value)
    {
        var type = value.GetType();
        Mix(TypeHashes.GetOrAdd(type, t => PlainHash(t.FullName ?? t.Name)!.Value));
        switch (value)
        {
            case string text:
                MixString(text);
                return;
            case Delegate del when del.HasSingleTarget:
                Mix((ulong)del.Method.MethodHandle.Value);
                Reference(del.Target);
                return;
            case Delegate multicast:
                // An event with several handlers: each handler's method and target.
                foreach (var handler in multicast.GetInvocationList())
                {
                    Mix((ulong)handler.Method.MethodHandle.Value);
                    Reference(handler.Target);
                }

                return;
            case Array array:
                WalkArray(array);
                return;
            case System.Collections.IDictionary dictionary when IsFrameworkCollection(type):
                // By its entries, not its buckets (they follow the keys' identity hashes); in the
                // order of the keys when they are plain values, so that the order of insertion
                // does not count; else in the dictionary's own order.
                entries.Clear();
                var plain = true;
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    var keyHash = plain ? PlainHash(entry.Key) : null;
                    plain = keyHash is not null;
                    entries.Add((keyHash ?? 0, entry.Key, entry.Value));
                }

                if (plain)
                {
                    entries.Sort(static (x, y) => x.KeyHash.CompareTo(y.KeyHash));
                }

                // Walking an entry can meet another dictionary: walk a copy.
                foreach (var (_, key, item) in entries.ToArray())
                {
                    Value(typeof(object), key);
                    Value(typeof(object), item);
                }

                return;
            case System.Collections.IEnumerable items when IsFrameworkCollection(type):
                // Lists, sets, queues, stacks: by their items in their own order, not their
                // spare capacity and modification counters.
                foreach (var item in items)
                {
                    Value(typeof(object), item);
                }

                return;
        }

        WalkFields(value, type);
    }

    private void WalkFields(object value, Type type) => FieldWalkers.For(type, FieldsOf)(value, this);

    /// <summary>The slow way, for a type whose walker could not be built.</summary>
    internal void WalkFieldsByReflection(object value, Type type)
    {
        foreach (var field in FieldsOf(type))
        {
            Value(field.FieldType, field.GetValue(value));
        }
    }

    private static FieldInfo[] FieldsOf(Type type) => Shapes.GetOrAdd(type, ShapeOf);

    private void WalkArray(Array array)
    {
        Mix((ulong)array.Length);
        var element = array.GetType().GetElementType()!;
        if (element.IsPrimitive || element.IsEnum)
        {
            var bytes = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), Buffer.ByteLength(array));
            foreach (var b in bytes)
            {
                Mix(b);
            }

            return;
        }

        for (var i = 0; i < array.Length; i++)
        {
            Value(element, array.GetValue(i));
        }
    }

    private void Value(Type declared, object? value)
    {
        if (value is null)
        {
            Mix(0);
        }
        else if (declared.IsPrimitive || declared.IsEnum)
        {
            Mix(PrimitiveBits(value));
        }
        else if (declared.IsValueType)
        {
            // A struct is part of its holder: walk its fields in place.
            WalkFields(value, value.GetType());
        }
        else
        {
            Reference(value);
        }
    }

    internal void Reference(object? value)
    {
        if (value is null)
        {
            Mix(0);
            return;
        }

        if (Ignored(value))
        {
            Mix(1);
            return;
        }

        if (value.GetType().IsValueType)
        {
            // A boxed struct held as object: its value is what counts.
            Walk(value);
            return;
        }

        if (!numbers.TryGetValue(value, out var number))
        {
            number = numbers.Count + 2;
            numbers.Add(value, number);
            pending.Enqueue(value);
        }

        Mix((ulong)number);
    }

    /// <summary>A hash of a value made of primitives and strings alone (no references to number), else null.</summary>
    private static ulong? PlainHash(object? value)
    {
        if (value is null)
        {
            return 0;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum)
        {
            return PrimitiveBits(value) * 0x9E3779B97F4A7C15UL;
        }

        // A model thread is its id: a dictionary keyed by thread does not depend on who came first.
        if (value is Wbcheck.Model.Runtime.ModelThread thread)
        {
            return ((ulong)thread.Id + 1) * 0xC2B2AE3D27D4EB4FUL;
        }

        if (value is string text)
        {
            var h = 0xCBF29CE484222325UL;
            foreach (var c in text)
            {
                h = (h ^ c) * 0x100000001B3UL;
            }

            return h;
        }

        if (!type.IsValueType)
        {
            return null;
        }

        var hash = 0x84222325CBF29CE4UL;
        foreach (var field in Shapes.GetOrAdd(type, ShapeOf))
        {
            if (PlainHash(field.GetValue(value)) is not { } inner)
            {
                return null;
            }

            hash = (hash ^ inner) * 0x100000001B3UL;
        }

        return hash;
    }

    private static bool IsFrameworkCollection(Type type) => type.Namespace == "System.Collections.Generic";

    private static bool Ignored(object value) =>
        value is IKernelRuntime or SynchronizationContext or ExecutionContext or MemberInfo or Thread;

    private static ulong PrimitiveBits(object value) => value switch
    {
        bool b => b ? 1UL : 2UL,
        int i => (ulong)i,
        long l => (ulong)l,
        byte b => b,
        char c => c,
        short s => (ulong)s,
        ushort s => s,
        uint u => u,
        ulong u => u,
        sbyte s => (ulong)s,
        double d => (ulong)BitConverter.DoubleToInt64Bits(d),
        float f => (ulong)BitConverter.SingleToInt32Bits(f),
        nint n => (ulong)n,
        nuint n => n,
        Enum e => Convert.ToUInt64(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => (ulong)value.GetHashCode(),
    };

    private static FieldInfo[] ShapeOf(Type type)
    {
        var fields = new List<FieldInfo>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!SkippedFields.Contains(field.Name) && !IsTaskInternal(t, field))
                {
                    fields.Add(field);
                }
            }
        }

        return [.. fields];
    }

    // Of a Task (the frames of the framework's async methods are Tasks) only the state machine and
    // the continuation waiting on it are state; the rest is the task's own bookkeeping.
    private static bool IsTaskInternal(Type declaring, FieldInfo field) =>
        typeof(Task).IsAssignableFrom(declaring) && field.Name is not ("StateMachine" or "m_continuationObject" or "m_result");

    private void MixString(string text)
    {
        // Strings are immutable and mostly the model's constants: each is hashed once per fingerprinter.
        if (!stringHashes.TryGetValue(text, out var hashOfText))
        {
            if (stringHashes.Count > 1 << 16)
            {
                stringHashes.Clear();
            }

            hashOfText = PlainHash(text)!.Value;
            stringHashes.Add(text, hashOfText);
        }

        Mix(hashOfText);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Mix(ulong value) => hash = (hash ^ value) * 0x100000001B3UL + (hash >> 29);

    private static ulong Finish(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB93FE1A85EC3UL;
        return value ^ (value >> 33);
    }
}
