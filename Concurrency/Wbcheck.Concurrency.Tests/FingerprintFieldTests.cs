using System.Collections;
using System.Reflection;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The state fingerprint tells apart two kernel states that differ in any one field: stateful
/// search takes states with equal fingerprints as one, so a field it left out would hide states.
/// </summary>
[Collection(SharedModelStateCollection.Name)]
public sealed class FingerprintFieldTests(ITestOutputHelper output)
{
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    private static readonly ControlledRuntime NoThreads = new(new Workspace(), new RandomStrategy());

    [Fact]
    public void Changing_any_one_plain_field_of_the_kernel_changes_the_fingerprint()
    {
        var kernel = new Kernel(new SequentialRuntime());
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(3, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 2, dirty: false);
        kernel.Open(inode);
        var fingerprint = new StateFingerprint();
        var before = fingerprint.Compute(NoThreads, [kernel]);

        var changed = 0;
        var missed = new List<string>();
        foreach (var (holder, field) in PlainFields(kernel))
        {
            var old = field.GetValue(holder);
            field.SetValue(holder, Other(field.FieldType, old));
            if (fingerprint.Compute(NoThreads, [kernel]) == before)
            {
                missed.Add($"{field.DeclaringType!.Name}.{field.Name}");
            }

            field.SetValue(holder, old);
            // Back to the same state: the same fingerprint again (nothing kept from the changed one).
            Assert.Equal(before, fingerprint.Compute(NoThreads, [kernel]));
            changed++;
        }

        output.WriteLine($"{changed} fields changed one at a time");
        Assert.True(changed > 100, $"only {changed} fields found");
        Assert.Empty(missed);
    }

    /// <summary>Every field of a plain type (number, enum, bool, text) of the model's objects the kernel reaches.</summary>
    private static IEnumerable<(object Holder, FieldInfo Field)> PlainFields(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<object>([root]);
        var found = new List<(object, FieldInfo)>();
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next) || next is IKernelRuntime or Delegate or MemberInfo)
            {
                continue;
            }

            if (next is IEnumerable items and not string)
            {
                foreach (var item in items)
                {
                    if (item is not null && !item.GetType().IsValueType)
                    {
                        pending.Enqueue(item);
                    }
                }
            }

            if (next.GetType().Namespace?.StartsWith("Wbcheck.Model", StringComparison.Ordinal) != true)
            {
                continue;
            }

            foreach (var field in AllFields(next.GetType()))
            {
                var type = field.FieldType;
                if (type.IsPrimitive || type.IsEnum || type == typeof(string))
                {
                    found.Add((next, field));
                }
                else if (!type.IsValueType && field.GetValue(next) is { } child)
                {
                    pending.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>Every instance field, by reflection alone (not the fingerprint's own list, whose omissions are what this looks for).</summary>
    private static IEnumerable<FieldInfo> AllFields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }

    private static object? Other(Type type, object? value) => value switch
    {
        bool b => !b,
        string s => s + "'",
        null => type == typeof(string) ? "set" : null,
        Enum e => Enum.ToObject(type, Convert.ToInt64(e, Invariant) ^ 1),
        double d => d + 1,
        float f => f + 1,
        ulong u => u ^ 1,
        // The lowest bit flipped: never out of range, never rounded.
        _ => Convert.ChangeType(Convert.ToInt64(value, Invariant) ^ 1, type, Invariant),
    };
}
