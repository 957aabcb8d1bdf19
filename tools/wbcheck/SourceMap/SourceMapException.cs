namespace Wbcheck.Cli.SourceMap;

/// <summary>Bad input to <c>wbcheck source-map</c>: the message is the one line the user sees.</summary>
internal sealed class SourceMapException(string message, Exception? inner = null) : Exception(message, inner);
