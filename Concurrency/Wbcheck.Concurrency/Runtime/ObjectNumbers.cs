using System.Runtime.CompilerServices;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The numbers a fingerprint walk gives the objects it meets, by identity: an open-addressed
/// table with linear probing, emptied slot by slot after each walk (a walk meets about 160
/// objects on the kernel). It does what a dictionary with the reference comparer does, without
/// its interface calls, its entry array and its division per lookup.
/// </summary>
internal sealed class ObjectNumbers
{
    private object?[] keys = new object?[256];
    private int[] values = new int[256];
    private int[] used = new int[128];
    private int count;

    /// <summary>Objects numbered since the last <see cref="Clear"/>.</summary>
    public int Count => count;

    /// <summary>The slot of <paramref name="value"/>'s number; <paramref name="met"/> false when it was just added (its number is then 0, for the caller to set).</summary>
    public ref int GetOrAdd(object value, out bool met)
    {
        if ((count + 1) * 2 > keys.Length)
        {
            Grow();
        }

        var mask = keys.Length - 1;
        var slot = SlotOf(value, mask);
        while (true)
        {
            var key = keys[slot];
            if (key is null)
            {
                keys[slot] = value;
                values[slot] = 0;
                used[count++] = slot;
                met = false;
                return ref values[slot];
            }

            if (ReferenceEquals(key, value))
            {
                met = true;
                return ref values[slot];
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Forget every object (the table keeps its size).</summary>
    public void Clear()
    {
        for (var i = 0; i < count; i++)
        {
            keys[used[i]] = null;
        }

        count = 0;
    }

    private static int SlotOf(object value, int mask) =>
        (int)(((uint)RuntimeHelpers.GetHashCode(value) * 0x9E3779B9U) >> 8) & mask;

    private void Grow()
    {
        var oldKeys = keys;
        var oldValues = values;
        var oldUsed = used;
        var oldCount = count;
        keys = new object?[oldKeys.Length * 2];
        values = new int[keys.Length];
        used = new int[keys.Length / 2];
        count = 0;
        var mask = keys.Length - 1;
        for (var i = 0; i < oldCount; i++)
        {
            var key = oldKeys[oldUsed[i]]!;
            var slot = SlotOf(key, mask);
            while (keys[slot] is not null)
            {
                slot = (slot + 1) & mask;
            }

            keys[slot] = key;
            values[slot] = oldValues[oldUsed[i]];
            used[count++] = slot;
        }
    }
}
