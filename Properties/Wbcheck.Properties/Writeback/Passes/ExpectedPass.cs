using System.Collections.Immutable;

namespace Wbcheck.Properties.Writeback.Passes;

/// <summary>What a writeback pass must do, by its contract, from the state it began in.</summary>
public sealed record ExpectedPass(ImmutableArray<(long Index, int Result)> Written, int Result, long NrLeft, long WritebackIndex);
