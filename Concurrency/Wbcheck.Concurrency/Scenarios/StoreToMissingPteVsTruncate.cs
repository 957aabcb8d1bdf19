using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A store to a missing pte of a shared mapping against truncate removing its page
/// (docs/page-tables.md, "The write fault on a missing pte"): the fault with write access
/// (do_no_page, then __do_fault, then do_shared_fault). Up to 2.6.29 it dirties the page after
/// unlocking it (set_page_dirty_balance), so truncate can cancel the page's dirtiness and remove
/// it first, and the fault's accounting lands on a page of no file; from b827e496c893 (2.6.30,
/// the 2.6.36 era) __do_fault dirties it before the unlock. 2.5.31's fault dirtied no page, but
/// maps what it found with no lock, as in fault-vs-truncate. The file's filesystem has no
/// -&gt;page_mkwrite before 3.19 (generic vm_ops).
/// </summary>
public sealed class StoreToMissingPteVsTruncate(ScenarioOptions options) : MappedFileVsTruncate(options, "store")
{
    public const string ScenarioName = "store-to-missing-pte-vs-truncate";

    public override string Name => ScenarioName;

    public override string Description => "a store faulting in a missing pte with write access against truncate removing its page: when the fault dirties the page";

    protected override async Task Fault(Kernel kernel, PageTable vma, Inode inode) => await kernel.Memory.Store(vma, 1);
}
