using System.Reflection;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// A field marked <see cref="NotStateAttribute"/> (history kept for a report) is left out of the
/// state fingerprint: the step that freed a page differs between schedules that reach the same
/// state, and stateful search must take them as one state.
/// </summary>
[Collection(SharedModelStateCollection.Name)]
public sealed class NotStateFieldTests
{
    private static readonly ControlledRuntime NoThreads = new(new Workspace(), new RandomStrategy());

    [Fact]
    public void The_step_that_freed_a_page_is_not_state_and_who_freed_it_is()
    {
        var kernel = new Kernel(new SequentialRuntime());
        var inode = kernel.CreateInode(3, new SimpleFs(kernel, SimpleFsOptions.Default));
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        var fingerprint = new StateFingerprint();
        var before = fingerprint.Compute(NoThreads, [kernel]);

        Set(page, "freedAtStepField", (int?)17);
        Assert.Equal(before, fingerprint.Compute(NoThreads, [kernel]));

        Set(page, "freedByField", ((ModelThread?)null, (string?)"truncate_inode_pages"));
        Assert.NotEqual(before, fingerprint.Compute(NoThreads, [kernel]));
    }

    [Fact]
    public void A_linked_lists_modification_count_is_not_state_and_its_pages_order_is()
    {
        // 2.5.31's page lists are LinkedLists, which the fingerprint walks as sequences of their
        // pages: pages moved to another list and back in the same order leave them as they were,
        // with their modification counts ("version") higher. Walked field by field, the count
        // would make the two states differ (seen failing so), and stateful search would miss
        // matches (checked for direct-reclaim-writer-vs-fsync 2.5.31's proof: it does not).
        var kernel = new Kernel(new SequentialRuntime());
        var inode = kernel.CreateInode(3, new SimpleFs(kernel, SimpleFsOptions.Default));
        var lists = new PageLists();
        var pages = new[] { kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false), kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false) };
        lists.Add(pages[0], PageListKind.Clean);
        lists.Add(pages[1], PageListKind.Clean);
        var fingerprint = new StateFingerprint();
        var before = fingerprint.Compute(NoThreads, [lists]);

        lists.MoveTo(pages[0], PageListKind.Dirty);
        lists.MoveTo(pages[1], PageListKind.Dirty);
        lists.MoveTo(pages[0], PageListKind.Clean);
        lists.MoveTo(pages[1], PageListKind.Clean);
        Assert.Equal(before, fingerprint.Compute(NoThreads, [lists]));

        // Page 0 back at the head: the order, which writeback walks, is state.
        lists.MoveTo(pages[0], PageListKind.Dirty);
        lists.MoveTo(pages[0], PageListKind.Clean);
        Assert.NotEqual(before, fingerprint.Compute(NoThreads, [lists]));
    }

    // The setters are the allocator's alone (internal); the fields are what the fingerprint reads.
    private static void Set(Page page, string field, object? value) =>
        typeof(Page).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(page, value);
}
