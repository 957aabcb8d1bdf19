namespace Wbcheck.CSource;

/// <summary>A kernel tree or file that cannot be used: the message is the one line the user sees.</summary>
public sealed class KernelSourceException(string message, Exception? inner = null) : Exception(message, inner);
