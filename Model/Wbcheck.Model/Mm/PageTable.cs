using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// A MAP_SHARED mapping of a whole file (one vma in the mapping's i_mmap) and its page table: a
/// pte per mapped page, and the pte lock that page_mkclean, the fault paths and zap_pte_range
/// take to read and change them. The pte lock is a spinlock: its holder never sleeps, but other
/// CPUs run on while it is held, so the model keeps it as a lock with a scheduling point at its
/// entry, and only its holder touches the ptes.
/// </summary>
[Models("include/linux/mm_types.h", "struct vm_area_struct (VM_SHARED | VM_WRITE file mapping)", "6.9")]
[Models("include/linux/mm.h", "pte_offset_map_lock, pte_unmap_unlock", "6.9")]
public sealed class PageTable(AddressSpace mapping, IVmOperations? vmOps)
{
    private readonly SortedDictionary<long, Pte> ptes = [];
    private WaitQueue? ptlQueue;

    /// <summary>vm_file-&gt;f_mapping.</summary>
    public AddressSpace Mapping { get; } = mapping;

    /// <summary>vm_ops, set by the filesystem's -&gt;mmap; null: none (a page_mkwrite-less mapping).</summary>
    public IVmOperations? VmOps { get; } = vmOps;

    /// <summary>
    /// munmap removed the vma: a fault finds no vma (SIGSEGV) and maps nothing. The kernel keeps
    /// faults and munmap apart with mmap_lock; a fault the model had begun before the munmap ends
    /// as one that came after it.
    /// </summary>
    public bool Unmapped { get; internal set; }

    /// <summary>Whether a thread holds the pte lock.</summary>
    public bool PtlHeld { get; internal set; }

    /// <summary>Threads spinning for the pte lock; Holder is the thread holding it.</summary>
    public WaitQueue PtlQueue => ptlQueue ??= new WaitQueue($"pte lock of {Mapping}");

    /// <summary>How many ptes are present.</summary>
    public int Count => ptes.Count;

    /// <summary>The present pte of page <paramref name="index"/>, or null.</summary>
    public Pte? Lookup(long index) => ptes.GetValueOrDefault(index);

    /// <summary>The present ptes, by index.</summary>
    public IEnumerable<KeyValuePair<long, Pte>> Present => ptes;

    /// <summary>Whether any present pte of <paramref name="page"/> is dirty (the hardware's dirty bit, not yet in PG_dirty).</summary>
    public bool DirtyThroughPte(Page page) => ptes.TryGetValue(page.Index, out var pte) && pte.Page == page && pte.Dirty;

    internal void Set(long index, Pte pte) => ptes[index] = pte;

    internal bool Remove(long index) => ptes.Remove(index);

    public override string ToString() => $"shared mapping of {Mapping}";
}
