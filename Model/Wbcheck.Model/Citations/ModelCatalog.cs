using System.Reflection;

namespace Wbcheck.Model.Citations;

/// <summary>Every <see cref="ModelsAttribute"/> citation in an assembly, read by reflection.</summary>
public static class ModelCatalog
{
    private const BindingFlags Members =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The model's own citations.</summary>
    public static IReadOnlyList<Citation> Model { get; } = Read(typeof(ModelCatalog).Assembly);

    /// <summary>Citations of <paramref name="assembly"/>, ordered by kernel file, function, then member.</summary>
    public static IReadOnlyList<Citation> Read(Assembly assembly)
    {
        var citations = new List<Citation>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            {
                continue;
            }

            var typeName = type.FullName!.Replace(type.Namespace + ".", "", StringComparison.Ordinal).Replace('+', '.');
            Add(citations, typeName, type);
            foreach (var member in type.GetMembers(Members))
            {
                Add(citations, $"{typeName}.{member.Name}", member);
            }
        }

        return [.. citations
            .OrderBy(c => c.Source.File, StringComparer.Ordinal)
            .ThenBy(c => c.Source.Function, StringComparer.Ordinal)
            .ThenBy(c => c.Source.Version, StringComparer.Ordinal)
            .ThenBy(c => c.Member, StringComparer.Ordinal)];
    }

    private static void Add(List<Citation> citations, string name, MemberInfo member)
    {
        foreach (var source in member.GetCustomAttributes<ModelsAttribute>(inherit: false))
        {
            citations.Add(new Citation(name, source));
        }
    }
}
