namespace Wbcheck.Conformance.Traces;

/// <summary>
/// One observable event of a run (a page lock taken, -&gt;writepage called or returning, another
/// thread's unlock or I/O completion, the return) and the state of the page cache right after it,
/// in the shim's state-line format.
/// </summary>
public sealed record Anchor(string Event, string State);
