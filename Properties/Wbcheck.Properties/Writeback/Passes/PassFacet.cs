namespace Wbcheck.Properties.Writeback.Passes;

/// <summary>Which part of a writeback pass's contract a property holds it to.</summary>
public enum PassFacet
{
    /// <summary>Of a pass over a range: the pages written, in order, and the nr_to_write left: nr_to_write bounds WB_SYNC_NONE only.</summary>
    NrToWrite,

    /// <summary>Of a pass over a range: the pages written with their results, and the result returned: WB_SYNC_NONE stops at the first error, WB_SYNC_ALL goes on and returns the first.</summary>
    Errors,

    /// <summary>Of a range_cyclic pass: writeback_index afterwards, just after the last page written when it stops early, 0 when it reaches the end.</summary>
    WritebackIndex,
}
