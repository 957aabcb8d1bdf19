namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// A trace file cannot be used: missing, not JSON, truncated, edited into an inconsistent state,
/// of another format or model version, or recorded from another program. The message is one line
/// that says which and what to do (text quoted from the file cannot break it: line ends become spaces).
/// </summary>
public sealed class TraceLoadException(string message) : Exception(message.ReplaceLineEndings(" "));
