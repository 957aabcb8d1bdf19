namespace Wbcheck.Conformance.Source;

/// <summary>
/// One kernel function cut out of a kernel file: its whole text from the first token of its
/// declaration to its closing brace, where it was found, and its prototype.
/// </summary>
public sealed record KernelFunction(string Name, string Path, int Line, string Text, string Prototype);
