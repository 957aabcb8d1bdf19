using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// Hashes of values made of primitives and strings alone (no reference to number): the order in
/// which <see cref="StateFingerprint"/> takes a dictionary's entries when its keys are such values,
/// so that the order of insertion does not count. One compiled hasher per type; null for a type
/// that holds a reference (its hash would depend on object identity).
/// </summary>
internal static class PlainHashers
{
    private const ulong Odd = 0x9E3779B97F4A7C15UL;
    private const ulong Prime = 0x100000001B3UL;

    private static readonly ConcurrentDictionary<Type, Func<object, ulong>?> Hashers = new();
    private static readonly MethodInfo TextHash = typeof(PlainHashers).GetMethod(nameof(HashOfText), BindingFlags.Static | BindingFlags.NonPublic)!;
    private static readonly MethodInfo DoubleBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;
    private static readonly MethodInfo SingleBits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;

    /// <summary>The hasher of values of exactly <paramref name="type"/>, or null when they are not plain.</summary>
    internal static Func<object, ulong>? For(Type type) => Hashers.GetOrAdd(type, Build);

    /// <summary>
    /// The hasher of values typed <typeparamref name="T"/>, taking them unboxed (the same hash as
    /// <see cref="For"/>'s), or null when they are not plain.
    /// </summary>
    internal static Func<T, ulong>? Typed<T>()
    {
        var value = Expression.Parameter(typeof(T), "value");
        return Plain(value, typeof(T), 0) is { } body ? Expression.Lambda<Func<T, ulong>>(body, value).Compile() : null;
    }

    /// <summary>The plain hash of <paramref name="value"/>, or null when it holds a reference.</summary>
    internal static ulong? Of(object? value) => value is null ? 0 : For(value.GetType()) is { } hasher ? hasher(value) : null;

    internal static ulong HashOfText(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        var h = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            h = (h ^ c) * Prime;
        }

        return h;
    }

    private static Func<object, ulong>? Build(Type type)
    {
        var boxed = Expression.Parameter(typeof(object), "value");
        var body = Plain(Expression.Convert(boxed, type), type, 0);
        return body is null ? null : Expression.Lambda<Func<object, ulong>>(body, boxed).Compile();
    }

    private static Expression? Plain(Expression value, Type type, int depth)
    {
        if (type.IsEnum)
        {
            return Times(Expression.Convert(Expression.Convert(value, Enum.GetUnderlyingType(type)), typeof(ulong)), Odd);
        }

        if (type.IsPrimitive)
        {
            Expression bits = type == typeof(bool) ? Expression.Condition(value, Expression.Constant(1UL), Expression.Constant(2UL))
                : type == typeof(double) ? Expression.Convert(Expression.Call(DoubleBits, value), typeof(ulong))
                : type == typeof(float) ? Expression.Convert(Expression.Call(SingleBits, value), typeof(ulong))
                : Expression.Convert(value, typeof(ulong));
            return Times(bits, Odd);
        }

        if (type == typeof(string))
        {
            return Expression.Call(TextHash, value);
        }

        // A model thread is its id: a dictionary keyed by thread does not depend on who came first.
        if (type == typeof(ModelThread))
        {
            var id = Expression.Convert(Expression.Property(value, nameof(ModelThread.Id)), typeof(ulong));
            return Expression.Condition(
                Expression.Equal(value, Expression.Constant(null, type)),
                Expression.Constant(0UL),
                Times(Expression.Add(id, Expression.Constant(1UL)), 0xC2B2AE3D27D4EB4FUL));
        }

        if (!type.IsValueType || depth > 8 || type.IsPointer || type.IsByRefLike)
        {
            return null;
        }

        Expression hash = Expression.Constant(0x84222325CBF29CE4UL);
        foreach (var field in StateFingerprint.FieldsOf(type))
        {
            if (Plain(Expression.Field(value, field), field.FieldType, depth + 1) is not { } inner)
            {
                return null;
            }

            hash = Times(Expression.ExclusiveOr(hash, inner), Prime);
        }

        return hash;
    }

    private static BinaryExpression Times(Expression value, ulong factor) => Expression.Multiply(value, Expression.Constant(factor));
}
