using System.Reflection;

namespace Wbcheck.Model.Citations;

/// <summary>
/// Reads the <see cref="ModelsAttribute"/> citations of an assembly (or of some types) by
/// reflection: on types, and on their methods, constructors, properties and fields, public or
/// not, static or not. The result is ordered by file, function and member so that reports are stable.
/// </summary>
public static class ModelCatalog
{
    private const BindingFlags AllDeclared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>The model's own citations.</summary>
    public static IReadOnlyList<Citation> Model { get; } = Read(typeof(ModelCatalog).Assembly);

    public static IReadOnlyList<Citation> Read(Assembly assembly) => Read(LoadableTypes(assembly));

    public static IReadOnlyList<Citation> Read(IEnumerable<Type> types)
    {
        var citations = new List<Citation>();
        foreach (var type in types)
        {
            Add(citations, type, TypeName(type));
            foreach (var member in type.GetMembers(AllDeclared))
            {
                // Nested types are read as types in their own right.
                if (member.MemberType != MemberTypes.NestedType)
                {
                    Add(citations, member, MemberName(type, member));
                }
            }
        }

        return citations
            .OrderBy(c => c.File, StringComparer.Ordinal)
            .ThenBy(c => c.Function, StringComparer.Ordinal)
            .ThenBy(c => c.Member, StringComparer.Ordinal)
            .ToList();
    }

    private static void Add(List<Citation> citations, MemberInfo member, string name)
    {
        foreach (var models in member.GetCustomAttributes<ModelsAttribute>(inherit: false))
        {
            citations.Add(new Citation(name, models.File, models.Function, models.Version, models.Fingerprint));
        }
    }

    private static string MemberName(Type type, MemberInfo member) => member switch
    {
        ConstructorInfo { IsStatic: true } => $"{TypeName(type)} (static constructor)",
        ConstructorInfo => $"{TypeName(type)} (constructor)",
        _ => $"{TypeName(type)}.{member.Name}",
    };

    private static string TypeName(Type type) =>
        type.DeclaringType is null ? type.Name : $"{TypeName(type.DeclaringType)}.{type.Name}";

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            // The types that did load still carry their citations.
            return exception.Types.OfType<Type>();
        }
    }
}
