using System.Reflection;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>What the model reported reading and writing while an action ran (its AccessLog entries: id &lt;&lt; 1 | written).</summary>
internal static class RecordedAccesses
{
    public static ulong[] Of(Action action)
    {
        var log = new AccessLog();
        AccessLog.Current = log;
        try
        {
            action();
        }
        finally
        {
            AccessLog.Current = null;
        }

        return log.Entries.ToArray();
    }

    /// <summary>
    /// The entries of reading the public property <paramref name="field"/> of
    /// <paramref name="target"/>, and of writing it back its own value (through its setter,
    /// private or not): for tests that a read of a field conflicts with a write of it.
    /// </summary>
    public static (ulong[] Read, ulong[] Write) OfField(object target, string field)
    {
        var property = target.GetType().GetProperty(field, BindingFlags.Public | BindingFlags.Instance)!;
        var setter = property.GetSetMethod(nonPublic: true)!;
        var value = property.GetValue(target);
        return (Of(() => property.GetValue(target)), Of(() => setter.Invoke(target, [value])));
    }
}
