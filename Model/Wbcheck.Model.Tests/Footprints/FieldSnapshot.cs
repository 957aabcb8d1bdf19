using System.Collections;
using System.Reflection;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// The instance fields of some model objects, each taken shallowly: a value as it is, a model
/// object or other reference by identity, a collection as the list of its items taken the same
/// way. Two snapshots name the fields an operation changed.
/// </summary>
internal sealed class FieldSnapshot
{
    private readonly Dictionary<(object Owner, FieldInfo Field), object?> values = new(OwnerFieldComparer.Instance);

    public FieldSnapshot(IEnumerable<object> objects)
    {
        foreach (var owner in objects)
        {
            foreach (var field in FieldsOf(owner.GetType()))
            {
                values[(owner, field)] = Take(field.GetValue(owner));
            }
        }
    }

    /// <summary>The fields of this snapshot's objects whose value differs now.</summary>
    public IEnumerable<(object Owner, FieldInfo Field)> Changed() =>
        values.Where(entry => !Same(entry.Value, Take(entry.Key.Field.GetValue(entry.Key.Owner)))).Select(entry => entry.Key);

    private static IEnumerable<FieldInfo> FieldsOf(Type type)
    {
        for (var current = type; current is not null && current.Assembly == type.Assembly; current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }

    private static object? Take(object? value) => value switch
    {
        null or string => value,
        IEnumerable items when value.GetType().Assembly != typeof(Kernel).Assembly => items.Cast<object?>().ToList(),
        _ => value,
    };

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(pair => Same(pair.First, pair.Second)),
        (null, null) => true,
        (null, _) or (_, null) => false,
        _ when a.GetType().IsValueType || a is string => a.Equals(b),
        _ => ReferenceEquals(a, b),
    };

    private sealed class OwnerFieldComparer : IEqualityComparer<(object Owner, FieldInfo Field)>
    {
        public static readonly OwnerFieldComparer Instance = new();

        public bool Equals((object Owner, FieldInfo Field) x, (object Owner, FieldInfo Field) y) =>
            ReferenceEquals(x.Owner, y.Owner) && x.Field == y.Field;

        public int GetHashCode((object Owner, FieldInfo Field) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Owner), obj.Field);
    }
}
