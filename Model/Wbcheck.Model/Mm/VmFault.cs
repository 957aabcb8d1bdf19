using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>The VM_FAULT_* results the model's fault paths use.</summary>
[Models("include/linux/mm_types.h", "enum vm_fault_reason", "6.9")]
public static class VmFault
{
    /// <summary>
    /// VM_FAULT_SIGBUS: the access gets SIGBUS, nothing mapped or dirtied. What a -&gt;page_mkwrite
    /// returns when it cannot make the page writable (-ENOSPC reserving a block, -EIO); before
    /// c2ec175c39f6 (2.6.30) every failure of it came to this, a truncated page's too.
    /// </summary>
    public const int SigBus = 0x0002;

    /// <summary>VM_FAULT_NOPAGE: nothing was mapped; the access is retried.</summary>
    public const int NoPage = 0x100;

    /// <summary>VM_FAULT_LOCKED: -&gt;page_mkwrite returns with the page locked.</summary>
    public const int Locked = 0x200;
}
