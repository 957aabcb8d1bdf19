namespace Wbcheck.Model.Diagnostics;

/// <summary>
/// The model reached a kernel path it does not model. Thrown rather than returning a default, so a
/// scenario can never pass by silently taking a path nobody wrote.
/// </summary>
public sealed class UnmodelledPathException(string function, string path)
    : Exception($"{function}: unmodelled path: {path}")
{
    public string Function { get; } = function;
}
