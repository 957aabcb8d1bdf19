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
    private bool ptlHeld;
    private bool unmapped;

    /// <summary>vm_file-&gt;f_mapping.</summary>
    public AddressSpace Mapping { get; } = mapping;

    /// <summary>vm_ops, set by the filesystem's -&gt;mmap; null: none (a page_mkwrite-less mapping).</summary>
    public IVmOperations? VmOps { get; } = vmOps;

    /// <summary>
    /// munmap removed the vma: a fault finds no vma (SIGSEGV) and maps nothing. The kernel keeps
    /// faults and munmap apart with mmap_lock; a fault the model had begun before the munmap ends
    /// as one that came after it.
    /// </summary>
    public bool Unmapped
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, UnmappedField));
            return unmapped;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, UnmappedField));
            unmapped = value;
        }
    }

    /// <summary>Whether a thread holds the pte lock.</summary>
    public bool PtlHeld
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, PtlField));
            return ptlHeld;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, PtlField));
            ptlHeld = value;
        }
    }

    /// <summary>Threads spinning for the pte lock; Holder is the thread holding it.</summary>
    public WaitQueue PtlQueue => ptlQueue ??= new WaitQueue($"pte lock of {Mapping}")
    {
        AccessId = AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, PtlQueueField),
    };

    /// <summary>How many ptes are present.</summary>
    public int Count => ReadPtes().Count;

    /// <summary>The present pte of page <paramref name="index"/>, or null.</summary>
    public Pte? Lookup(long index) => ReadPtes().GetValueOrDefault(index);

    /// <summary>The present ptes, by index.</summary>
    public IEnumerable<KeyValuePair<long, Pte>> Present => ReadPtes();

    /// <summary>
    /// The present ptes of pages [<paramref name="first"/>, <paramref name="last"/>], by index, as
    /// a list the caller may change the table under: looked up one by one for a short range (one
    /// page, mostly), else by a pass over the table.
    /// </summary>
    public List<KeyValuePair<long, Pte>> PresentIn(long first, long last)
    {
        var table = ReadPtes();
        var found = new List<KeyValuePair<long, Pte>>();
        if (last >= first && last - first < table.Count)
        {
            for (var index = first; index <= last; index++)
            {
                if (table.TryGetValue(index, out var pte))
                {
                    found.Add(new(index, pte));
                }
            }
        }
        else
        {
            foreach (var entry in table)
            {
                if (entry.Key >= first && entry.Key <= last)
                {
                    found.Add(entry);
                }
            }
        }

        return found;
    }

    /// <summary>Whether any present pte of <paramref name="page"/> is dirty (the hardware's dirty bit, not yet in PG_dirty).</summary>
    public bool DirtyThroughPte(Page page) => ReadPtes().TryGetValue(page.Index, out var pte) && pte.Page == page && pte.Dirty;

    internal void Set(long index, Pte pte) => WritePtes()[index] = pte;

    internal bool Remove(long index) => WritePtes().Remove(index);

    public override string ToString() => $"shared mapping of {Mapping}";

    // Which ptes are present is one object (the pte bits are the ptes' own); the lock is another.
    private const int PtesField = 32;
    private const int PtlField = 33;
    private const int PtlQueueField = 34;
    private const int UnmappedField = 35;

    private SortedDictionary<long, Pte> ReadPtes()
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, PtesField));
        return ptes;
    }

    private SortedDictionary<long, Pte> WritePtes()
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Kind.Mapping, Mapping.Host.Ino, PtesField));
        return ptes;
    }
}
