using Wbcheck.Model.Block;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>A page mpage handed to the buffer-head fallback, and why.</summary>
public sealed record ConfusedPage(long Index, BioOp Op, ConfusedReason Reason);
