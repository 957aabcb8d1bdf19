namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The throttle's arithmetic did what C does not define or the kernel does not survive: a
/// division by zero (a kernel oops), or a shift by the width of the type or more (undefined
/// behaviour, which UBSAN reports). The message names the kernel function and the values.
/// </summary>
public sealed class KernelArithmeticException(string function, string message)
    : Exception($"{function}: {message}")
{
    public string Function { get; } = function;
}
