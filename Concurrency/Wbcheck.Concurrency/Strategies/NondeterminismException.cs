namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The program is not deterministic: the same decisions led to a different state. This is the
/// program's fault, not a bug the engine found, and nothing it explores can be trusted: the usual
/// causes are state kept in statics or fields between iterations, an unseeded Random or the clock.
/// </summary>
public sealed class NondeterminismException(string message) : Exception(message);
