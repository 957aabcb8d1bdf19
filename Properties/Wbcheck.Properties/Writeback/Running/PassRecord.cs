using System.Collections.Immutable;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// One writeback pass as it happened: how it began, the pages handed to -&gt;writepage in order
/// with what each returned, what the pass returned, the nr_to_write it left and the file's
/// writeback_index after it.
/// </summary>
public sealed record PassRecord(
    string Thread,
    PassStart Start,
    ImmutableArray<(long Index, int Result)> Written,
    int Result,
    long NrLeft,
    long WritebackIndex);
