using System.Reflection;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// What reading and writing each settable property of a model object report to the AccessLog:
/// the getter's entries, and the setter's when it is given back the value it holds. A property
/// whose getter or setter throws on its own value (a use-after-free check, an invariant) is left
/// out.
/// </summary>
internal sealed record FieldFootprint(object Owner, PropertyInfo Property, ulong[] Read, ulong[] Write)
{
    public string Name => $"{Property.DeclaringType!.Name}.{Property.Name}";

    public IEnumerable<ulong> Ids => Read.Concat(Write).Select(entry => entry >> 1).Distinct();

    public static IEnumerable<FieldFootprint> Of(IEnumerable<object> objects)
    {
        foreach (var owner in objects)
        {
            foreach (var property in owner.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var getter = property.GetGetMethod(nonPublic: true);
                var setter = property.GetSetMethod(nonPublic: true);
                if (getter is null || setter is null || property.GetIndexParameters().Length > 0
                    || setter.ReturnParameter.GetRequiredCustomModifiers().Any(modifier => modifier.Name == "IsExternalInit"))
                {
                    continue;
                }

                if (Probe(owner, getter, setter) is { } footprint)
                {
                    yield return new FieldFootprint(owner, property, footprint.Read, footprint.Write);
                }
            }
        }
    }

    private static (ulong[] Read, ulong[] Write)? Probe(object owner, MethodInfo getter, MethodInfo setter)
    {
        try
        {
            object? value = null;
            var read = RecordedAccesses.Of(() => value = getter.Invoke(owner, null));
            var write = RecordedAccesses.Of(() => setter.Invoke(owner, [value]));
            return (read, write);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
