using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wbcheck.Model.Runtime;
using static Wbcheck.Concurrency.Runtime.FingerprintShape;

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
    private const int CacheSize = 1024;

    private static readonly ConcurrentDictionary<Type, FieldInfo[]> Shapes = new();
    private static readonly ConcurrentDictionary<Type, FingerprintShape> Kinds = new();
    private static readonly HashSet<string> SkippedFields =
    [
        "_token", "nextFree", "m_taskId", "m_stateFlags", "m_contingentProperties",
        "m_stateObject", "m_taskScheduler", "m_parent", "Context", "m_executionContext", "_version",
    ];

    // The objects met, numbered 2, 3, ... in the order met (which is the walk's breadth-first
    // order: each is walked in turn), and an open-addressed identity table from object to its
    // place in that list plus one (0: an empty slot). The table holds no references: filling and
    // emptying it costs no GC write barrier, and the list is emptied by one block clear.
    // An array of structs, not of objects: a store into it needs no covariance check.
    private MetObject[] met = new MetObject[256];
    private int metCount;
    private int[] table = new int[512];
    // Where an object's probe starts: by its address while no collection can have moved it
    // (the walk is checked and done again otherwise), by its identity hash in the walk done again.
    private bool slotsByAddress;
    // Direct-mapped caches by identity (a miss only costs the slow way): the shape of each type
    // met, and the hash of each string met (mostly the model's constants, the same objects in
    // every state).
    private readonly Type?[] cachedTypes = new Type?[CacheSize];
    private readonly FingerprintShape?[] cachedShapes = new FingerprintShape?[CacheSize];
    // The shape of each type met, by its method table (the word every object starts with): an
    // object's shape without asking it for its Type and that Type for its identity hash.
    private readonly nint[] cachedHandles = new nint[CacheSize];
    private readonly FingerprintShape?[] shapesByHandle = new FingerprintShape?[CacheSize];
    private readonly string?[] cachedTexts = new string?[CacheSize];
    private readonly ulong[] cachedTextHashes = new ulong[CacheSize];
    private readonly DelegateMethods methods = new();
    // Scratch arrays of the collection walkers, one per element type (ScratchSlot), reused across
    // walks; of those whose items may hold references, how many items a walk handed out since the
    // last Forget (which clears them, so that no scratch keeps the state alive after a walk, one
    // an exception cut short included).
    private Array?[] scratch = new Array?[16];
    private int[] scratchHanded = new int[16];
    private bool scratchHoldsReferences;
    private ulong hash;

    /// <summary>Objects the last fingerprint walked (for measuring its cost).</summary>
    internal int LastObjects => lastObjects;

    private int lastObjects;

    /// <summary>The fingerprint of the state <paramref name="runtime"/>'s threads and <paramref name="roots"/> are in.</summary>
    internal ulong Compute(ControlledRuntime runtime, object?[] roots)
    {
        // Probing by address spares the identity hash each new object would need (the kernel is
        // new in every schedule). A collection may move objects, and one that ran during the walk
        // (on any thread) may have made the walk miss an object it had numbered: then the walk is
        // done again by identity hashes, which do not move. The numbers, so the fingerprint, do
        // not depend on where a probe starts, only on the walk's order.
        var collections = GC.CollectionCount(0);
        slotsByAddress = true;
        var fingerprint = Walk(runtime, roots);
        if (GC.CollectionCount(0) != collections)
        {
            slotsByAddress = false;
            fingerprint = Walk(runtime, roots);
        }

        return fingerprint;
    }

    /// <summary>Test hook: runs once in each walk, after the first object is walked (to force a collection there).</summary>
    internal Action? DuringWalk { get; set; }

    private ulong Walk(ControlledRuntime runtime, object?[] roots)
    {
        try
        {
            return WalkFrom(runtime, roots);
        }
        finally
        {
            // Also after a walk an exception cut short: its objects and scratch items are dropped.
            Forget();
        }
    }

    private ulong WalkFrom(ControlledRuntime runtime, object?[] roots)
    {
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

        // Breadth-first: the objects are walked in the order they were met (and numbered).
        for (var next = 0; next < metCount; next++)
        {
            var (value, shape) = (met[next].Value, met[next].Shape);
            Mix(shape.TypeHash);
            shape.Walk!(value, this);
            if (next == 0)
            {
                DuringWalk?.Invoke();
            }
        }

        lastObjects = metCount;
        return Finish(hash);
    }

    /// <summary>The slow way, for a type whose walker could not be built.</summary>
    internal void WalkFieldsByReflection(object value, Type type)
    {
        foreach (var field in FieldsOf(type))
        {
            Value(field.FieldType, field.GetValue(value));
        }
    }

    /// <summary>The fields that are state, of <paramref name="type"/> and its base classes.</summary>
    internal static FieldInfo[] FieldsOf(Type type) => Shapes.GetOrAdd(type, ShapeOf);

    /// <summary>An item of a collection typed <typeparamref name="T"/>.</summary>
    internal void Item<T>(T value)
    {
        // The common plain items without boxing them, mixed as PrimitiveBits mixes them.
        if (typeof(T) == typeof(long))
        {
            Mix((ulong)Unsafe.As<T, long>(ref value));
        }
        else if (typeof(T) == typeof(int))
        {
            Mix((ulong)Unsafe.As<T, int>(ref value));
        }
        else if (typeof(T) == typeof(ulong))
        {
            Mix(Unsafe.As<T, ulong>(ref value));
        }
        else if (typeof(T) == typeof(bool))
        {
            Mix(Unsafe.As<T, bool>(ref value) ? 1UL : 2UL);
        }
        else if (typeof(T).IsValueType && StructItem<T>.Walk is { } walk)
        {
            walk(value, this);
        }
        else if (typeof(T).IsValueType)
        {
            Value(typeof(T), value);
        }
        else if (SealedItem<T>.Slot is { } slot)
        {
            SealedReference(value, slot);
        }
        else
        {
            Reference(value);
        }
    }

    /// <summary>The items of a list, in order, each as <see cref="Item{T}"/> takes it.</summary>
    internal void Items<T>(ReadOnlySpan<T> items)
    {
        if (typeof(T).IsValueType || SealedItem<T>.Slot is not { } slot)
        {
            foreach (var item in items)
            {
                Item(item);
            }

            return;
        }

        // Items of a sealed class: the slot is read once, not at every item (in the code shared by
        // every class T, a generic static costs a runtime look-up each time).
        foreach (var item in items)
        {
            SealedReference(item, slot);
        }
    }

    /// <summary>The members of a set, in its own order, each as <see cref="Item{T}"/> takes it.</summary>
    internal void Members<T>(HashSet<T> members)
    {
        if (typeof(T).IsValueType || SealedItem<T>.Slot is not { } slot)
        {
            foreach (var member in members)
            {
                Item(member);
            }

            return;
        }

        foreach (var member in members)
        {
            SealedReference(member, slot);
        }
    }

    /// <summary>
    /// A scratch array of at least <paramref name="count"/> items for a collection walker, this
    /// fingerprint's own (walks on several engine threads each have theirs), reused by later walks.
    /// Items that may hold references are cleared when the walk ends (<see cref="Forget"/>), how
    /// ever it ends: the walker need not.
    /// </summary>
    internal T[] Scratch<T>(int count)
    {
        var at = ScratchSlot<T>.Index;
        if (at >= scratch.Length)
        {
            Array.Resize(ref scratch, Math.Max(at + 1, scratch.Length * 2));
            Array.Resize(ref scratchHanded, scratch.Length);
        }

        if (scratch[at] is not T[] held || held.Length < count)
        {
            held = new T[Math.Max(count, 16)];
            scratch[at] = held;
        }

        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            scratchHanded[at] = Math.Max(scratchHanded[at], count);
            scratchHoldsReferences = true;
        }

        return held;
    }

    /// <summary>Where the scratch array of items of type <typeparamref name="T"/> is kept: one slot per type, numbered when first used.</summary>
    private static class ScratchSlot<T>
    {
        public static readonly int Index = Interlocked.Increment(ref scratchSlots) - 1;
    }

    private static int scratchSlots;

    /// <summary>Items of a sealed class type (not an array) are of that type: their shape is settled once.</summary>
    private static class SealedItem<T>
    {
        public static readonly SealedShape? Slot = typeof(T).IsSealed && !typeof(T).IsArray && typeof(T) != typeof(string) ? new(typeof(T)) : null;
    }

    /// <summary>
    /// Items of a struct type <typeparamref name="T"/> (a tuple, a bio_vec) other than a primitive,
    /// an enum or a nullable: their fields walked unboxed, as <see cref="Value"/> walks the boxed
    /// struct (the same mixes in the same order). Value boxed each item and looked its shape up.
    /// </summary>
    private static class StructItem<T>
    {
        public static readonly Action<T, StateFingerprint>? Walk = Make();

        private static Action<T, StateFingerprint>? Make()
        {
            var type = typeof(T);
            if (!type.IsValueType || type.IsPrimitive || type.IsEnum || Nullable.GetUnderlyingType(type) is not null || Ignored(type))
            {
                return null;
            }

            var method = typeof(FieldWalkers).GetMethod(nameof(FieldWalkers.ForValue), BindingFlags.Static | BindingFlags.NonPublic)!.MakeGenericMethod(type);
            return (Action<T, StateFingerprint>?)method.Invoke(null, [(Func<Type, FieldInfo[]>)FieldsOf]);
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
            KindOf(value.GetType()).Walk!(value, this);
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

        ReferenceOfShape(value, ShapeOf(value));
    }

    /// <summary>The shape of <paramref name="value"/>'s type, from a direct-mapped cache by its method table.</summary>
    private FingerprintShape ShapeOf(object value)
    {
        var handle = MethodTableOf(value);
        var at = (int)(((ulong)handle * 0x9E3779B97F4A7C15UL) >> 54);
        if (cachedHandles[at] == handle)
        {
            return shapesByHandle[at]!;
        }

        var shape = KindOf(value.GetType());
        cachedHandles[at] = handle;
        shapesByHandle[at] = shape;
        return shape;
    }

    // The runtime's own way to an object's method table (RuntimeHelpers.GetMethodTable, internal):
    // the word before the first field. A method table is never moved by a collection, and one
    // type has one, so it names the type as the Type object does.
    private static nint MethodTableOf(object value) =>
        Unsafe.Add(ref Unsafe.As<byte, nint>(ref Unsafe.As<RawData>(value).Data), -1);

    private sealed class RawData
    {
        public byte Data;
    }

    /// <summary>
    /// A reference held in a field whose declared type is sealed (and not an array): the object's
    /// type is that one, so its shape is the slot's, settled once, not looked up by type.
    /// </summary>
    internal void SealedReference(object? value, SealedShape slot)
    {
        if (value is null)
        {
            Mix(0);
            return;
        }

        ReferenceOfShape(value, slot.Shape ??= KindOf(slot.Type));
    }

    private void ReferenceOfShape(object value, FingerprintShape shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Ignored:
                Mix(1);
                return;
            case ShapeKind.String:
                // Immutable: which string object holds the text does not matter.
                MixString((string)value);
                return;
            case ShapeKind.Boxed:
                // A boxed struct held as object: its value is what counts.
                Mix(shape.TypeHash);
                shape.Walk!(value, this);
                return;
        }

        Mix((ulong)NumberOf(value, shape));
    }

    /// <summary>The object's number, or a new one (2, 3, ...) when first met, which queues it to be walked.</summary>
    private int NumberOf(object value, FingerprintShape shape)
    {
        var mask = table.Length - 1;
        var at = SlotOf(value, mask);
        while (table[at] is var entry and not 0)
        {
            if (ReferenceEquals(met[entry - 1].Value, value))
            {
                return entry + 1;
            }

            at = (at + 1) & mask;
        }

        if ((metCount + 1) * 2 > table.Length)
        {
            GrowTable();
            return NumberOf(value, shape);
        }

        if (metCount == met.Length)
        {
            Array.Resize(ref met, met.Length * 2);
        }

        var number = metCount + 2;
        table[at] = metCount + 1;
        met[metCount++] = new MetObject(value, shape, at);
        return number;
    }

    private int SlotOf(object value, int mask)
    {
        var key = slotsByAddress ? (uint)(Unsafe.As<object, nuint>(ref value) >> 3) : (uint)RuntimeHelpers.GetHashCode(value);
        return (int)((key * 0x9E3779B9U) >> 8) & mask;
    }

    private void GrowTable()
    {
        table = new int[table.Length * 2];
        var mask = table.Length - 1;
        for (var i = 0; i < metCount; i++)
        {
            var at = SlotOf(met[i].Value, mask);
            while (table[at] != 0)
            {
                at = (at + 1) & mask;
            }

            table[at] = i + 1;
            met[i].Slot = at;
        }
    }

    /// <summary>Drop the references to the objects met and the scratch items handed out (the table and the scratch are empty again, and keep nothing alive).</summary>
    private void Forget()
    {
        for (var i = 0; i < metCount; i++)
        {
            table[met[i].Slot] = 0;
        }

        Array.Clear(met, 0, metCount);
        metCount = 0;
        if (scratchHoldsReferences)
        {
            for (var at = 0; at < scratchHanded.Length; at++)
            {
                if (scratchHanded[at] > 0)
                {
                    Array.Clear(scratch[at]!, 0, scratchHanded[at]);
                    scratchHanded[at] = 0;
                }
            }

            scratchHoldsReferences = false;
        }
    }

    /// <summary>A string field: the text, or 0 for null.</summary>
    internal void Text(string? text)
    {
        if (text is null)
        {
            Mix(0);
        }
        else
        {
            MixString(text);
        }
    }

    private FingerprintShape KindOf(Type type)
    {
        var at = CacheSlot(type);
        if (ReferenceEquals(cachedTypes[at], type))
        {
            return cachedShapes[at]!;
        }

        var shape = Kinds.GetOrAdd(type, Classify);
        cachedTypes[at] = type;
        cachedShapes[at] = shape;
        return shape;
    }

    private static int CacheSlot(object value) => (int)(((uint)RuntimeHelpers.GetHashCode(value) * 0x9E3779B9U) >> 22);

    private static FingerprintShape Classify(Type type)
    {
        var typeHash = PlainHashers.HashOfText(type.FullName ?? type.Name);
        if (Ignored(type))
        {
            return new FingerprintShape(ShapeKind.Ignored, typeHash, null);
        }

        if (type == typeof(string))
        {
            return new FingerprintShape(ShapeKind.String, typeHash, null);
        }

        if (type.IsPrimitive || type.IsEnum)
        {
            return new FingerprintShape(ShapeKind.Boxed, typeHash, static (value, fingerprint) => fingerprint.Mix(PrimitiveBits(value)));
        }

        if (type.IsValueType)
        {
            return new FingerprintShape(ShapeKind.Boxed, typeHash, FieldWalkers.For(type, FieldsOf));
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return new FingerprintShape(ShapeKind.Object, typeHash, static (value, fingerprint) => fingerprint.WalkDelegate((Delegate)value));
        }

        if (type.IsArray)
        {
            return new FingerprintShape(ShapeKind.Object, typeHash, static (value, fingerprint) => fingerprint.WalkArray((Array)value));
        }

        return new FingerprintShape(ShapeKind.Object, typeHash, CollectionWalkers.For(type) ?? FieldWalkers.For(type, FieldsOf));
    }

    private void WalkDelegate(Delegate del)
    {
        if (del.HasSingleTarget)
        {
            Mix(methods.IdentityOf(del));
            Reference(del.Target);
            return;
        }

        // An event with several handlers: each handler's method and target.
        foreach (var handler in del.GetInvocationList())
        {
            Mix(methods.IdentityOf(handler.Method));
            Reference(handler.Target);
        }
    }

    private void WalkArray(Array array)
    {
        Mix((ulong)array.Length);
        var element = array.GetType().GetElementType()!;
        if (element.IsPrimitive || element.IsEnum)
        {
            var bytes = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), Buffer.ByteLength(array));
            foreach (var word in MemoryMarshal.Cast<byte, ulong>(bytes))
            {
                Mix(word);
            }

            foreach (var b in bytes[(bytes.Length & ~7)..])
            {
                Mix(b);
            }

            return;
        }

        if (!element.IsValueType && array is object?[] references)
        {
            foreach (var item in references)
            {
                Reference(item);
            }

            return;
        }

        for (var i = 0; i < array.Length; i++)
        {
            Value(element, array.GetValue(i));
        }
    }

    private static bool Ignored(Type type) =>
        typeof(IKernelRuntime).IsAssignableFrom(type) || typeof(SynchronizationContext).IsAssignableFrom(type)
        || typeof(ExecutionContext).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Thread).IsAssignableFrom(type);

    internal static ulong PrimitiveBits(object value) => value switch
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
        Enum e => e.GetTypeCode() == TypeCode.UInt64 ? Convert.ToUInt64(e, System.Globalization.CultureInfo.InvariantCulture) : (ulong)Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => (ulong)value.GetHashCode(),
    };

    private static FieldInfo[] ShapeOf(Type type)
    {
        var fields = new List<FieldInfo>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!IsBookkeeping(t, field))
                {
                    fields.Add(field);
                }
            }
        }

        return [.. fields];
    }

    /// <summary>
    /// Whether <paramref name="field"/> of <paramref name="declaring"/> is bookkeeping, not state:
    /// left out of every fingerprint (the relative one of the lassos too).
    /// </summary>
    internal static bool IsBookkeeping(Type declaring, FieldInfo field) =>
        SkippedFields.Contains(field.Name) || field.IsDefined(typeof(NotStateAttribute), inherit: false) ||
        IsFrameReuseCount(declaring, field) || IsTaskInternal(declaring, field);

    // How often a pooled frame was recycled is history, not state. Only the frames' own counter is
    // skipped: a Version elsewhere (the data version a bio carries, or the disk holds) is state.
    private static bool IsFrameReuseCount(Type declaring, FieldInfo field) =>
        field.Name == "<Version>k__BackingField" && declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(ModelMethodBox<>);

    // Of a Task (the frames of the framework's async methods are Tasks) only the state machine and
    // the continuation waiting on it are state; the rest is the task's own bookkeeping.
    private static bool IsTaskInternal(Type declaring, FieldInfo field) =>
        typeof(Task).IsAssignableFrom(declaring) && field.Name is not ("StateMachine" or "m_continuationObject" or "m_result");

    private void MixString(string text)
    {
        // Strings are immutable and mostly the model's constants: hashed once while they stay cached.
        var at = CacheSlot(text);
        if (!ReferenceEquals(cachedTexts[at], text))
        {
            cachedTexts[at] = text;
            cachedTextHashes[at] = PlainHashers.HashOfText(text);
        }

        Mix(cachedTextHashes[at]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Mix(ulong value) => hash = (hash ^ value) * 0x100000001B3UL + (hash >> 29);

    private struct MetObject(object value, FingerprintShape shape, int slot)
    {
        public readonly object Value = value;
        public readonly FingerprintShape Shape = shape;
        public int Slot = slot;
    }

    private static ulong Finish(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB93FE1A85EC3UL;
        return value ^ (value >> 33);
    }
}
