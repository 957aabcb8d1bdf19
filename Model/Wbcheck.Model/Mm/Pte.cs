using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// A present pte of a shared file mapping: the page it maps, and the two bits writeback cares
/// about. The hardware sets the dirty bit on a store through a writable pte, with no fault.
/// </summary>
[Models("arch/x86/include/asm/pgtable.h", "pte_write, pte_dirty, pte_wrprotect, pte_mkclean", "6.9")]
public sealed class Pte(Page page, bool write, bool dirty)
{
    private bool writeField = write;
    private bool dirtyField = dirty;

    public Page Page { get; } = page;

    /// <summary>_PAGE_RW: a store goes through without a fault.</summary>
    public bool Write
    {
        get
        {
            AccessLog.Read(AccessId(Field.Write));
            return writeField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Write));
            writeField = value;
        }
    }

    /// <summary>_PAGE_DIRTY: a store went through since the pte was last cleaned.</summary>
    public bool Dirty
    {
        get
        {
            AccessLog.Read(AccessId(Field.Dirty));
            return dirtyField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Dirty));
            dirtyField = value;
        }
    }

    public override string ToString() => $"pte of {Page}{(Write ? " W" : "")}{(Dirty ? " D" : "")}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.PageTable, Page.Frame, (int)field);

    /// <summary>The pte's bits, as AccessIds numbers them.</summary>
    private enum Field
    {
        Write,
        Dirty,
    }
}
