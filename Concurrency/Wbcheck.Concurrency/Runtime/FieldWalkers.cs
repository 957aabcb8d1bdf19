using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// For each type the fingerprint meets, a delegate that feeds its fields to the fingerprint
/// without reflection at each call: primitives mixed as numbers, references numbered, struct
/// fields (a state machine inside its frame, an awaiter) walked in place. Built once per type
/// from an expression tree (IL made at run time, no C# compiled); a type whose fields the tree
/// cannot read falls back to reflection.
/// </summary>
internal static class FieldWalkers
{
    private static readonly ConcurrentDictionary<Type, Action<object, StateFingerprint>> Walkers = new();

    private static readonly MethodInfo MixMethod = typeof(StateFingerprint).GetMethod(nameof(StateFingerprint.Mix), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo ReferenceMethod = typeof(StateFingerprint).GetMethod(nameof(StateFingerprint.Reference), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo SealedReferenceMethod = typeof(StateFingerprint).GetMethod(nameof(StateFingerprint.SealedReference), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo TextMethod = typeof(StateFingerprint).GetMethod(nameof(StateFingerprint.Text), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo UncheckedCast = typeof(Unsafe).GetMethod(nameof(Unsafe.As), 1, [typeof(object)])!;
    private static readonly MethodInfo DoubleBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;
    private static readonly MethodInfo SingleBits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;

    /// <summary>The walker of <paramref name="type"/>'s fields (<paramref name="fields"/> gives which).</summary>
    internal static Action<object, StateFingerprint> For(Type type, Func<Type, FieldInfo[]> fields) =>
        Walkers.GetOrAdd(type, t => Build(t, fields));

    /// <summary>
    /// The walker of a struct's fields taking the struct unboxed, for collection items typed
    /// <typeparamref name="T"/>: the same fields in the same order as <see cref="For"/>'s walker of
    /// the boxed struct, so the same fingerprint, without a box and a shape look-up per item. Null
    /// when the tree cannot read them (the caller then boxes, as before).
    /// </summary>
    internal static Action<T, StateFingerprint>? ForValue<T>(Func<Type, FieldInfo[]> fields)
        where T : struct
    {
        try
        {
            var value = Expression.Parameter(typeof(T), "value");
            var fingerprint = Expression.Parameter(typeof(StateFingerprint), "fingerprint");
            var body = new List<Expression>();
            Emit(value, typeof(T), fingerprint, fields, body, depth: 0);
            body.Add(Expression.Empty());
            return Expression.Lambda<Action<T, StateFingerprint>>(Expression.Block(body), value, fingerprint).Compile();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or MemberAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private static Action<object, StateFingerprint> Build(Type type, Func<Type, FieldInfo[]> fields)
    {
        try
        {
            var boxed = Expression.Parameter(typeof(object), "value");
            var fingerprint = Expression.Parameter(typeof(StateFingerprint), "fingerprint");
            var typed = Expression.Variable(type, "typed");
            var body = new List<Expression> { Expression.Assign(typed, Typed(boxed, type)) };
            Emit(typed, type, fingerprint, fields, body, depth: 0);
            body.Add(Expression.Empty());
            return Expression.Lambda<Action<object, StateFingerprint>>(Expression.Block([typed], body), boxed, fingerprint).Compile();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or MemberAccessException or NotSupportedException)
        {
            return (value, fingerprint) => fingerprint.WalkFieldsByReflection(value, type);
        }
    }

    /// <summary>
    /// The walked object as its type. A walker is only ever given objects of exactly its type (the
    /// fingerprint picks it by the object's own type, or by a sealed field's), so a class needs no
    /// checked cast, which cost a runtime helper call per object; a boxed struct is unboxed.
    /// </summary>
    private static Expression Typed(ParameterExpression boxed, Type type) =>
        type.IsValueType ? Expression.Convert(boxed, type) : Expression.Call(UncheckedCast.MakeGenericMethod(type), boxed);

    private static void Emit(Expression holder, Type type, ParameterExpression fingerprint, Func<Type, FieldInfo[]> fields, List<Expression> body, int depth)
    {
        foreach (var field in fields(type))
        {
            var read = Expression.Field(holder, field);
            var fieldType = field.FieldType;
            if (fieldType.IsPrimitive || fieldType.IsEnum)
            {
                body.Add(Expression.Call(fingerprint, MixMethod, Bits(read, fieldType)));
            }
            else if (fieldType.IsValueType && depth < 8 && !fieldType.IsPointer && !fieldType.IsByRefLike)
            {
                Emit(read, fieldType, fingerprint, fields, body, depth + 1);
            }
            else if (fieldType == typeof(string))
            {
                body.Add(Expression.Call(fingerprint, TextMethod, read));
            }
            else if (fieldType.IsSealed && !fieldType.IsArray && !fieldType.IsValueType && !fieldType.IsPointer)
            {
                // The object's type is the field's: its shape is settled once for the field.
                body.Add(Expression.Call(
                    fingerprint, SealedReferenceMethod, Expression.Convert(read, typeof(object)), Expression.Constant(new SealedShape(fieldType))));
            }
            else if (!fieldType.IsValueType && !fieldType.IsPointer)
            {
                body.Add(Expression.Call(fingerprint, ReferenceMethod, Expression.Convert(read, typeof(object))));
            }
            else
            {
                throw new NotSupportedException($"field {field.Name} of {type}");
            }
        }
    }

    private static Expression Bits(Expression read, Type type)
    {
        if (type.IsEnum)
        {
            type = Enum.GetUnderlyingType(type);
            read = Expression.Convert(read, type);
        }

        if (type == typeof(bool))
        {
            return Expression.Condition(read, Expression.Constant(1UL), Expression.Constant(2UL));
        }

        if (type == typeof(double))
        {
            return Expression.Convert(Expression.Call(DoubleBits, read), typeof(ulong));
        }

        if (type == typeof(float))
        {
            return Expression.Convert(Expression.Call(SingleBits, read), typeof(ulong));
        }

        return Expression.Convert(read, typeof(ulong));
    }
}
