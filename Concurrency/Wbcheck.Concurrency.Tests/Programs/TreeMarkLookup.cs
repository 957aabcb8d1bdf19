using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// The kernel model's page tree under two threads: a lookup by PAGECACHE_TAG_TOWRITE (spawned
/// first, so DFS's first schedule runs it first and finds nothing) and a thread that sets that
/// mark on page 1 and, in the same step, the DIRTY mark that page already has (a change of
/// nothing, reported as a read). The lookup asserts that it finds no page: only the order mark,
/// lookup shows the bug, so a footprint that calls the two steps independent loses it.
/// </summary>
internal sealed class TreeMarkLookup : ITestProgram
{
    public string Name => "tree-mark-lookup";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = KernelEra.V6_9 });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        var tree = inode.Mapping.Pages;
        runtime.Spawn("lookup", () =>
        {
            var found = tree.FindNext(0, 7, XaMark.Towrite);
            Bug.On(found >= 0, "towrite_lookup", $"the lookup found page {found} marked TOWRITE");
            return Task.CompletedTask;
        });
        runtime.Spawn("marker", () =>
        {
            tree.SetMark(1, XaMark.Dirty);
            tree.SetMark(1, XaMark.Towrite);
            return Task.CompletedTask;
        });
    }
}
