using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The state of one pass of writeback_iter. The kernel keeps it in the writeback_control
/// (wbc-&gt;fbatch, wbc-&gt;index, wbc-&gt;saved_err); here it is its own object, made per pass.
/// </summary>
[Models("include/linux/writeback.h", "struct writeback_control (fbatch, index, saved_err)", "6.9")]
public sealed class WritebackIteration(AddressSpace mapping, WritebackControl wbc, int batchSize)
{
    public AddressSpace Mapping { get; } = mapping;

    public WritebackControl Wbc { get; } = wbc;

    /// <summary>wbc-&gt;fbatch: pages looked up and not yet handed out.</summary>
    public FolioBatch Batch { get; } = new(batchSize);

    /// <summary>wbc-&gt;index: where the next lookup starts.</summary>
    public long Index { get; set; }

    /// <summary>wbc-&gt;saved_err: the first error of an integrity pass, returned at its end.</summary>
    public int SavedError { get; set; }

    /// <summary>The error the pass returns, once the iterator has returned null.</summary>
    public int Result { get; set; }

    public bool Started { get; set; }
}
