using System.Numerics;
using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The kernel's 64-bit arithmetic helpers as a 64-bit machine computes them: unsigned long and
/// u64 wrap, divisions by zero and oversized shifts are reported with the function that did
/// them. div_u64 takes a u32 divisor, so a wider value passed to it is truncated first, which
/// is how several of the throttle's historical divisions by zero came about.
/// </summary>
internal static class Math64
{
    /// <summary>div_u64: <paramref name="dividend"/> / (u32)<paramref name="divisor"/>.</summary>
    [Models("include/linux/math64.h", "div_u64", "3.19")]
    public static ulong DivU64(ulong dividend, ulong divisor, string function, string what)
    {
        var truncated = (uint)divisor;
        return truncated != 0
            ? dividend / truncated
            : throw new KernelArithmeticException(function, divisor == 0
                ? $"division by zero: div_u64 by {what} = 0"
                : $"division by zero: div_u64 takes a u32 divisor, and {what} = {divisor} truncates to 0");
    }

    /// <summary>div64_u64 and do_div on an unsigned long divisor: the whole 64-bit divisor.</summary>
    [Models("include/linux/math64.h", "div64_u64", "3.19")]
    public static ulong Div64U64(ulong dividend, ulong divisor, string function, string what) =>
        divisor != 0 ? dividend / divisor : throw new KernelArithmeticException(function, $"division by zero: {what} = 0");

    /// <summary>div64_s64.</summary>
    [Models("include/linux/math64.h", "div64_s64", "3.19")]
    public static long Div64S64(long dividend, long divisor, string function, string what) =>
        divisor != 0 ? dividend / divisor : throw new KernelArithmeticException(function, $"division by zero: {what} = 0");

    /// <summary><paramref name="value"/> &gt;&gt; <paramref name="shift"/> on an unsigned long, where a shift of 64 or more is undefined.</summary>
    public static ulong ShiftRight(ulong value, ulong shift, string function, string what) =>
        shift < 64 ? value >> (int)shift : throw new KernelArithmeticException(function, $"shift out of bounds: {what} = {shift} is not below BITS_PER_LONG (64)");

    /// <summary>ilog2, of a non-zero value (ilog2(0) is -1 as the kernel's fls-based form gives it).</summary>
    [Models("include/linux/log2.h", "ilog2", "3.19")]
    public static long Ilog2(ulong value) => value == 0 ? -1 : 63 - BitOperations.LeadingZeroCount(value);

    /// <summary>roundup_pow_of_two, for the small constants the throttle gives it.</summary>
    [Models("include/linux/log2.h", "roundup_pow_of_two", "3.19")]
    public static ulong RoundupPowOfTwo(ulong value) => BitOperations.RoundUpToPowerOf2(value);

    /// <summary>DIV_ROUND_UP.</summary>
    public static ulong DivRoundUp(ulong dividend, ulong divisor) => (dividend + divisor - 1) / divisor;
}
