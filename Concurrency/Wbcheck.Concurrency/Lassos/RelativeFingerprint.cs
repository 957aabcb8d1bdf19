using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// A fingerprint of the state relative to its cursor, for lasso detection in programs that keep
/// growing (a writer appending while a walk follows it): two states get the same fingerprint when
/// one is the other shifted by some number of pages. The state is the one
/// <see cref="StateFingerprint"/> covers (each thread's continuation and what it reaches, and the
/// monitors' reach), taken this way:
/// <list type="bullet">
/// <item>the cursor is the lowest page index that a live thread holds in a local, or of a cached
/// page that is dirty, locked or under writeback; every page index (<see cref="ShiftRoles"/>) is
/// hashed as its distance from the cursor, i_size as its distance from the cursor's first byte;</item>
/// <item>the pages below the cursor are dropped from the page tree, the device's blocks and the
/// page lists (clean, idle pages the program has left behind); a page reached another way is
/// still hashed, at its (negative) distance;</item>
/// <item>finished threads are left out; threads, frames and bios are renumbered in the order
/// first met; data versions are hashed as their age on the largest inode clock; a budget counted
/// down from LONG_MAX is hashed as "huge" while it is;</item>
/// <item>the floating proportions' counts (2.6.29, 2.6.36) in their exact relative form,
/// <see cref="ProportionsForm"/>: t within its period, each local as prop_norm would leave it;
/// left out altogether when the program says when they decide nothing
/// (<see cref="LassoShape.ProportionsDecide"/>, checked in every state of a cycle).</item>
/// </list>
/// Sound only with the lasso's checks: the cycle's steps must touch no dropped page
/// (<see cref="DroppedFrames"/>, against their footprints), and every comparison they make with a
/// shifted value must be with another shifted value or with a constant whose outcome no longer
/// changes (argued per scenario: docs/search.md, "Lasso livelocks"). Two passes: one finds the
/// cursor and the clock, one hashes.
/// </summary>
internal sealed class RelativeFingerprint
{
    /// <summary>Values this large are sentinels (LLONG_MAX, a huge budget), never shifted.</summary>
    private const long Sentinel = 1L << 40;

    private static readonly ConcurrentDictionary<Type, (FieldInfo Field, ShiftRole Role, Func<object, object?> Read)[]> Plans = new();

    // A page's fields read directly: its accessors report accesses and check for use after free.
    private static readonly FieldInfo PageIndexField = PageField("indexField");
    private static readonly FieldInfo PageDirtyField = PageField("dirtyField");
    private static readonly FieldInfo PageLockedField = PageField("lockedField");
    private static readonly FieldInfo PageWritebackField = PageField("writebackField");

    private readonly Dictionary<object, int> numbers = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<object> pending = new();
    private readonly Dictionary<(int Kind, long Id), int> identities = [];
    private readonly List<Page?[]> trees = [];
    private readonly List<(ulong KeyHash, object? Value)> entries = [];
    private readonly ProportionsForm proportions = new();
    private bool hashing;
    private bool absolute;
    private long cursor;
    private long clock;
    private ulong hash;
    private StringBuilder? describe;

    /// <summary>The cursor of the last state fingerprinted.</summary>
    public long Cursor => cursor;

    /// <summary>The fingerprint of the state <paramref name="runtime"/>'s threads and <paramref name="roots"/> are in.</summary>
    public ulong Compute(ControlledRuntime runtime, object?[] roots)
    {
        // Pass 1: the cursor and the clock.
        hashing = false;
        cursor = long.MaxValue;
        clock = 0;
        trees.Clear();
        proportions.Reset();
        proportions.Dropped = runtime.LassoShape?.ProportionsDecide is not null;
        WalkAll(runtime, roots);
        proportions.Decide();
        if (cursor == long.MaxValue)
        {
            cursor = 0;
        }

        // Pass 2: the hash, relative to them.
        hashing = true;
        hash = 0x9E3779B97F4A7C15UL;
        WalkAll(runtime, roots);
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>The state as lines of what is hashed (for finding why two states differ).</summary>
    public string Describe(ControlledRuntime runtime, object?[] roots)
    {
        describe = new StringBuilder();
        try
        {
            Compute(runtime, roots);
            return describe.ToString();
        }
        finally
        {
            describe = null;
        }
    }

    /// <summary>The frames of the cached pages below <paramref name="below"/> in the trees the last fingerprint met.</summary>
    public HashSet<long> DroppedFrames(long below)
    {
        var frames = new HashSet<long>();
        foreach (var slots in trees)
        {
            for (var i = 0; i < Math.Min(below, slots.Length); i++)
            {
                if (slots[i] is { } page)
                {
                    frames.Add(page.Frame);
                }
            }
        }

        return frames;
    }

    private void WalkAll(ControlledRuntime runtime, object?[] roots)
    {
        numbers.Clear();
        pending.Clear();
        identities.Clear();
        for (var i = 0; i < runtime.ThreadCount; i++)
        {
            ref readonly var slot = ref runtime.SlotOf(i);
            if (slot.Status == ThreadStatus.Finished)
            {
                continue;
            }

            // Live threads first, in id order: their renumbering does not depend on what they reach.
            Mix(Identity(2, slot.Thread.Id), "thread");
            Mix((ulong)slot.Status, "status");
            Mix((ulong)slot.PendingKind, "kind");
            Mix(PlainHashers.HashOfText(slot.PendingLabel.Function), slot.PendingLabel.Function);
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
    }

    private void Walk(object value)
    {
        var type = value.GetType();
        Mix(PlainHashers.HashOfText(type.FullName ?? type.Name), type.Name);
        switch (value)
        {
            case string text:
                Mix(PlainHashers.HashOfText(text), text);
                return;
            case Delegate del:
                foreach (var handler in del.GetInvocationList())
                {
                    Mix(PlainHashers.HashOfText(handler.Method.DeclaringType?.FullName + "." + handler.Method.Name), handler.Method.Name);
                    Reference(handler.Target);
                }

                return;
            case Array array:
                Mix((ulong)array.Length, "length");
                var element = type.GetElementType()!;
                for (var i = 0; i < array.Length; i++)
                {
                    Value(element, array.GetValue(i), ShiftRole.Plain);
                }

                return;
            case System.Collections.IDictionary dictionary when type.Namespace == "System.Collections.Generic":
                WalkDictionary(dictionary);
                return;
            case System.Collections.IEnumerable items when type.Namespace == "System.Collections.Generic":
                foreach (var item in items)
                {
                    Value(typeof(object), item, ShiftRole.Plain);
                }

                return;
        }

        WalkFields(value, type);
    }

    private void WalkFields(object value, Type type)
    {
        var plan = Plans.GetOrAdd(type, PlanOf);
        if (!hashing)
        {
            proportions.Meet(value);
        }

        if (value is Page page && !hashing && Busy(page))
        {
            cursor = Math.Min(cursor, (long)PageIndexField.GetValue(page)!);
        }

        // A page below the cursor that something still reaches (the integrity monitor's list of
        // what fsync owes) is left behind: it is hashed as it is, index and versions, so that it
        // compares equal only to itself; the cycle may not touch it (it is dropped from the tree).
        var wasAbsolute = absolute;
        absolute = value is Page behind && hashing && (long)PageIndexField.GetValue(behind)! < cursor;

        foreach (var (field, role, read) in plan)
        {
            var item = read(value);
            switch (role)
            {
                case ShiftRole.Derived or ShiftRole.IdentitySource:
                    continue;
                case ShiftRole.Clock:
                    clock = Math.Max(clock, Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                case ShiftRole.PageIndexedArray:
                    WalkIndexedArray(value, (Array)item!);
                    continue;
                case ShiftRole.PageKeyedVersions:
                    WalkKeyedVersions((Dictionary<(int Ino, long Index), long>)item!);
                    continue;
                case ShiftRole.PageList:
                    WalkPageList((System.Collections.IEnumerable)item!);
                    continue;
                case ShiftRole.Proportion when proportions.Folds(value, field.Name):
                    continue;
                case ShiftRole.Proportion when proportions.Of(value, field.Name) is { } form:
                    Mix(form, field.Name);
                    continue;
                case ShiftRole.Proportion:
                    Value(field.FieldType, item, ShiftRole.Plain, field.Name);
                    continue;
                default:
                    Value(field.FieldType, item, role, field.Name);
                    continue;
            }
        }

        absolute = wasAbsolute;
    }

    private void Value(Type declared, object? value, ShiftRole role, string what = "")
    {
        if (value is null)
        {
            Mix(0, what + "=null");
        }
        else if (declared.IsPrimitive || declared.IsEnum)
        {
            Mix(Shifted(value, role), what);
        }
        else if (declared.IsValueType)
        {
            WalkFields(value, value.GetType());
        }
        else
        {
            Reference(value);
        }
    }

    private ulong Shifted(object value, ShiftRole role)
    {
        if (role == ShiftRole.Plain || (absolute && role is ShiftRole.OwnIndex or ShiftRole.Version))
        {
            return StateFingerprint.PrimitiveBits(value);
        }

        var number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        switch (role)
        {
            case ShiftRole.PageIndex or ShiftRole.OwnIndex:
                if (!hashing && role == ShiftRole.PageIndex && number is >= 0 and < Sentinel)
                {
                    cursor = Math.Min(cursor, number);
                }

                return number is >= 0 and < Sentinel ? 0x1000UL + (ulong)(number - cursor) : (ulong)number;
            case ShiftRole.ByteOffset:
                return number is >= 0 and < Sentinel ? 0x2000UL + (ulong)(number - (cursor * Page.PageSize)) : (ulong)number;
            case ShiftRole.Version:
                return number == 0 ? 0 : 0x3000UL + (ulong)(clock - number);
            case ShiftRole.Identity:
                return Identity(0, number);
            case ShiftRole.HugeBudget:
                return number >= Sentinel ? ulong.MaxValue : (ulong)number;
            default:
                return StateFingerprint.PrimitiveBits(value);
        }
    }

    /// <summary>An identity renumbered in the order first met (kind keeps frames, bios and threads apart).</summary>
    private ulong Identity(int kind, long id)
    {
        if (!identities.TryGetValue((kind, id), out var number))
        {
            number = identities.Count;
            identities.Add((kind, id), number);
        }

        return 0x4000UL + (ulong)number;
    }

    private void WalkIndexedArray(object owner, Array array)
    {
        if (owner is PageTree && array is Page?[] slots && !hashing)
        {
            trees.Add(slots);
        }

        if (!hashing)
        {
            // Pass 1 only needs the busy pages' indices from the tree: the pages it alone reaches
            // are not walked (the second pass walks those from the cursor on).
            if (array is Page?[] pages)
            {
                foreach (var page in pages)
                {
                    if (page is not null && Busy(page))
                    {
                        cursor = Math.Min(cursor, (long)PageIndexField.GetValue(page)!);
                    }
                }
            }

            return;
        }

        var element = array.GetType().GetElementType()!;
        var from = (int)Math.Min(Math.Max(cursor, 0), array.Length);
        for (var i = from; i < array.Length; i++)
        {
            var item = array.GetValue(i);
            if (item is null || (element.IsEnum && Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture) == 0))
            {
                continue;
            }

            Mix((ulong)(i - from), "slot");
            Value(element, item, ShiftRole.Plain);
        }

        Mix(ulong.MaxValue, "end");
    }

    private void WalkKeyedVersions(Dictionary<(int Ino, long Index), long> map)
    {
        entries.Clear();
        foreach (var ((ino, index), version) in map)
        {
            if (index >= cursor)
            {
                var key = ((ulong)ino << 40) ^ (ulong)(index - cursor);
                entries.Add((key, Shifted(version, ShiftRole.Version)));
            }
        }

        entries.Sort(static (x, y) => x.KeyHash.CompareTo(y.KeyHash));
        foreach (var (key, version) in entries)
        {
            Mix(key, "block");
            Mix((ulong)version!, "version");
        }

        Mix(ulong.MaxValue, "end");
    }

    private void WalkPageList(System.Collections.IEnumerable pages)
    {
        if (pages is Array lists)
        {
            // An array of lists (clean, dirty, locked, io): each in its order.
            foreach (var list in lists)
            {
                WalkPageList((System.Collections.IEnumerable)list);
            }

            return;
        }

        foreach (var item in pages)
        {
            if (item is Page page && (long)PageIndexField.GetValue(page)! < cursor && !Busy(page))
            {
                continue;
            }

            Value(typeof(object), item, ShiftRole.Plain);
        }

        Mix(ulong.MaxValue, "end");
    }

    private void WalkDictionary(System.Collections.IDictionary dictionary)
    {
        // By entries sorted on their keys when the keys are plain values (insertion order does not
        // count), else in the dictionary's own order; a thread key is its renumbered id.
        var sorted = new List<(ulong Key, object? KeyObject, object? Value)>();
        var plain = true;
        foreach (System.Collections.DictionaryEntry entry in dictionary)
        {
            ulong? key = entry.Key switch
            {
                ModelThread thread => Identity(2, thread.Id),
                string text => PlainHashers.HashOfText(text),
                var k when k.GetType().IsPrimitive || k.GetType().IsEnum => StateFingerprint.PrimitiveBits(k),
                _ => null,
            };
            plain &= key is not null;
            sorted.Add((key ?? 0, entry.Key, entry.Value));
        }

        if (plain)
        {
            sorted.Sort(static (x, y) => x.Key.CompareTo(y.Key));
        }

        foreach (var (key, keyObject, item) in sorted)
        {
            if (plain)
            {
                Mix(key, "key");
            }
            else
            {
                Value(typeof(object), keyObject, ShiftRole.Plain);
            }

            Value(typeof(object), item, ShiftRole.Plain);
        }
    }

    private void Reference(object? value)
    {
        if (value is null)
        {
            Mix(0, "null");
            return;
        }

        if (value is IKernelRuntime or SynchronizationContext or ExecutionContext or MemberInfo or Thread)
        {
            Mix(1, "runtime");
            return;
        }

        if (value.GetType().IsValueType)
        {
            Walk(value);
            return;
        }

        if (!numbers.TryGetValue(value, out var number))
        {
            number = numbers.Count + 2;
            numbers.Add(value, number);
            pending.Enqueue(value);
        }

        Mix((ulong)number, "#");
    }

    /// <summary>Dirty, locked or under writeback: a page the program is not done with.</summary>
    private static bool Busy(Page page) =>
        (bool)PageDirtyField.GetValue(page)! || (bool)PageLockedField.GetValue(page)! || (bool)PageWritebackField.GetValue(page)!;

    private static FieldInfo PageField(string name) =>
        typeof(Page).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"internal error: struct page has no field {name} any more (RelativeFingerprint)");

    private static (FieldInfo Field, ShiftRole Role, Func<object, object?> Read)[] PlanOf(Type type)
    {
        var plan = new List<(FieldInfo, ShiftRole, Func<object, object?>)>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var role = ShiftRoles.Of(t, field);
                if (role == ShiftRole.Plain && StateFingerprint.IsBookkeeping(t, field))
                {
                    continue;
                }

                plan.Add((field, role, Reader(type, field)));
            }
        }

        return [.. plan];
    }

    /// <summary>A compiled read of <paramref name="field"/> from a boxed <paramref name="type"/> (reflection's GetValue is the walk's cost).</summary>
    private static Func<object, object?> Reader(Type type, FieldInfo field)
    {
        try
        {
            var boxed = System.Linq.Expressions.Expression.Parameter(typeof(object), "value");
            var read = System.Linq.Expressions.Expression.Field(System.Linq.Expressions.Expression.Convert(boxed, type), field);
            return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(System.Linq.Expressions.Expression.Convert(read, typeof(object)), boxed).Compile();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return field.GetValue;
        }
    }



    private void Mix(ulong value, string what)
    {
        if (!hashing)
        {
            return;
        }

        hash = (hash ^ value) * 0x100000001B3UL + (hash >> 29);
        describe?.Append(what).Append('=').Append(value).Append('\n');
    }
}
