using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// A present pte of a shared file mapping: the page it maps, and the two bits writeback cares
/// about. The hardware sets the dirty bit on a store through a writable pte, with no fault.
/// </summary>
[Models("arch/x86/include/asm/pgtable.h", "pte_write, pte_dirty, pte_wrprotect, pte_mkclean", "6.9")]
public sealed class Pte(Page page, bool write, bool dirty)
{
    public Page Page { get; } = page;

    /// <summary>_PAGE_RW: a store goes through without a fault.</summary>
    public bool Write { get; internal set; } = write;

    /// <summary>_PAGE_DIRTY: a store went through since the pte was last cleaned.</summary>
    public bool Dirty { get; internal set; } = dirty;

    public override string ToString() => $"pte of {Page}{(Write ? " W" : "")}{(Dirty ? " D" : "")}";
}
