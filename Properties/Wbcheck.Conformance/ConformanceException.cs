namespace Wbcheck.Conformance;

/// <summary>
/// A conformance check that cannot run: no kernel tree, a function the tree lacks, one that does
/// not compile against the shim, no gcc. The message is the one line the user sees.
/// </summary>
public sealed class ConformanceException(string message, Exception? inner = null) : Exception(message, inner);
