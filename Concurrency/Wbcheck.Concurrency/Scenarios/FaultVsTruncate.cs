using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A read fault on a missing pte of a shared mapping against truncate removing its page
/// (docs/page-tables.md, "The fault's page lock"). 2.5.31's do_no_page maps the page
/// filemap_nopage found with no page lock and nothing re-checked, so a page truncate has taken
/// out of the file is mapped, and a store would land in a page of no file. From 2.6.20 the fault
/// reads truncate_count before -&gt;nopage and looks again under the pte lock when
/// unmap_mapping_range ran meanwhile; from the 2.6.29 era (d00806b18315, 2.6.23) the page lock
/// held from the lookup to the pte keeps them apart. After the fault the thread yields (truncate
/// may end meanwhile) and looks at its pte, as a store through it would. A read fault, not a
/// store: the store's own fault has another race with truncate before 2.6.30
/// (store-to-missing-pte-vs-truncate).
/// </summary>
public sealed class FaultVsTruncate(ScenarioOptions options) : MappedFileVsTruncate(options, "fault")
{
    public const string ScenarioName = "fault-vs-truncate";

    /// <summary>The check the thread makes of its pte after the fault (as <see cref="Memory.Store"/> does).</summary>
    public const string Invariant = "handle_pte_fault";

    public override string Name => ScenarioName;

    public override string Description => "a read fault on a missing pte against truncate removing its page: the page lock, truncate_count, a pte on a page of no file";

    protected override async Task Fault(Kernel kernel, PageTable vma, Inode inode)
    {
        await kernel.Memory.DoReadFault(vma, 1);
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("store", 1));
        if (vma.Lookup(1) is { } pte)
        {
            Bug.On(pte.Page.Mapping != inode.Mapping, Invariant, $"{pte} maps a page that left {inode.Mapping}");
        }
    }
}
