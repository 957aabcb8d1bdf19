using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Block;

/// <summary>What a bio asks of the device.</summary>
[Models("include/linux/blk_types.h", "enum req_op", "4.9")]
public enum BioOp : byte
{
    /// <summary>REQ_OP_WRITE: page data to the device; the device records it when the bio completes.</summary>
    Write,

    /// <summary>REQ_OP_READ: device data into the pages.</summary>
    Read,
}
