using System.Collections;
using System.Reflection;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// The model's objects reachable from some roots through their fields (never through
/// properties, whose getters report accesses and may create state): every instance of a class
/// of the model's assembly, following collections of them too.
/// </summary>
internal static class ModelObjectGraph
{
    private const int Limit = 20_000;

    private static readonly Assembly ModelAssembly = typeof(Kernel).Assembly;

    public static IReadOnlyList<object> From(params object?[] roots)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var order = new List<object>();
        var pending = new Stack<object>();
        foreach (var root in roots)
        {
            Push(root);
        }

        while (pending.Count > 0 && order.Count < Limit)
        {
            var current = pending.Pop();
            if (IsModelObject(current))
            {
                order.Add(current);
                for (var type = current.GetType(); type is not null && type.Assembly == ModelAssembly; type = type.BaseType)
                {
                    foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        Push(field.GetValue(current));
                    }
                }
            }
            else if (current is IEnumerable items and not string)
            {
                foreach (var item in items)
                {
                    Push(item);
                }
            }
            else if (current.GetType() is { IsGenericType: true } pair && pair.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            {
                Push(pair.GetProperty("Key")!.GetValue(current));
                Push(pair.GetProperty("Value")!.GetValue(current));
            }
        }

        return order;

        void Push(object? value)
        {
            if (value is null || value is Delegate || value is Pointer || value.GetType().IsPrimitive || value.GetType().IsEnum)
            {
                return;
            }

            if (value.GetType().IsValueType && !value.GetType().IsGenericType)
            {
                return;
            }

            if (seen.Add(value))
            {
                pending.Push(value);
            }
        }
    }

    private static bool IsModelObject(object value) => value.GetType() is { IsClass: true, IsArray: false } type && type.Assembly == ModelAssembly;
}
