namespace Wbcheck.Cli.Matrix;

/// <summary>The shards given to <c>wbcheck merge</c> are not every share of one run; the message says what to give instead.</summary>
internal sealed class MatrixMergeException(string message) : Exception(message.ReplaceLineEndings(" "));
