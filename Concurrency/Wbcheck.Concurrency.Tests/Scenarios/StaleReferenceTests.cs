using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// trylock_page, set_page_dirty / folio_mark_dirty and put_page / folio_put through a stale
/// reference are reported as use-after-free, naming the function that touched the page, the
/// thread and function that freed it, and the step of the trace in which it did (docs/eras.md
/// section 107). Each fault gives up a reference too early; the search finds a schedule in
/// which another thread (or the same, a step earlier) frees the page in between.
/// </summary>
public sealed class StaleReferenceTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    /// <summary>The gup holder puts its pin, then dirties: kswapd frees the page (the freeze now succeeds) before folio_mark_dirty.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19, "set_page_dirty")]
    [InlineData(KernelEra.V6_9, "folio_mark_dirty")]
    public void Set_page_dirty_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(
            GupDirtyVsReclaim.ScenarioName,
            era,
            new Faults { GupDirtiesWithoutPageLock = true, GupPutsBeforeDirtying = true },
            toucher,
            freer: "kswapd");

    /// <summary>Reclaim drops its isolation reference before trylock_page: the final iput's truncate frees the page in between.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "trylock_page")]
    [InlineData(KernelEra.V6_9, "folio_trylock")]
    public void Trylock_page_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(EvictVsReclaim.ScenarioName, era, new Faults { ReclaimPutsBeforeTrylock = true }, toucher, freer: "close");

    /// <summary>Reclaim puts the page again after __remove_mapping's freeze took its reference and the page was freed.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "put_page")]
    [InlineData(KernelEra.V6_9, "folio_put")]
    public void Put_page_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(EvictVsReclaim.ScenarioName, era, new Faults { ReclaimPutsFreedPage = true }, toucher, freer: "kswapd");

    /// <summary>
    /// Reclaim drops its isolation reference before trylock_page; the final iput's truncate frees
    /// the page and the same task's write to another file gets it from the allocator (LIFO) before
    /// the trylock: the trylock is checked against the isolation's generation, so the reused page
    /// is reported, not taken for the new file's.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "trylock_page")]
    [InlineData(KernelEra.V6_9, "folio_trylock")]
    public void Trylock_page_of_a_page_reused_by_another_file_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFreeAndReuse(new ReusedAfterFree(era, ReusedAfterFree.Holder.Reclaim), toucher, freer: "close");

    /// <summary>
    /// The gup holder puts its pin, then dirties; kswapd frees the page and writes another file,
    /// whose new page is that one, before folio_mark_dirty: checked against the pin's generation,
    /// the reused page is reported.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, "set_page_dirty")]
    [InlineData(KernelEra.V6_9, "folio_mark_dirty")]
    public void Set_page_dirty_of_a_page_reused_by_another_file_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFreeAndReuse(new ReusedAfterFree(era, ReusedAfterFree.Holder.Gup), toucher, freer: "kswapd");

    /// <summary>
    /// Preemption bound 1: the toucher is preempted once, at its stale use, and the freeing thread
    /// runs to its end, its write to the other file included, so every use-after-free found is a
    /// use of the reused page.
    /// </summary>
    private static void AssertNamesTheFreeAndReuse(ReusedAfterFree scenario, string toucher, string freer) =>
        AssertNamesTheFree(
            scenario,
            Dfs with { PreemptionBound = 1 },
            $@"use-after-free: {toucher} touched page 0 of mapping of inode 2, which T\d+\({freer}\) in (\w+) \(step (\d+)\) freed and the allocator gave to it since",
            freer);

    private static void AssertNamesTheFree(string name, KernelEra era, Faults faults, string toucher, string freer) =>
        AssertNamesTheFree(
            ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Faults = faults }),
            Dfs,
            $@"use-after-free: {toucher} touched .* after T\d+\({freer}\) in (\w+) \(step (\d+)\) freed it",
            freer);

    /// <summary>
    /// The search finds a use-after-free; minimized, its message matches <paramref name="pattern"/>
    /// (group 2 the step that freed the page), that step is the freeing thread's and comes before
    /// the use, and the trace replays from file.
    /// </summary>
    private static void AssertNamesTheFree(ITestProgram scenario, TestingConfiguration configuration, string pattern, string freer)
    {
        var report = TestingEngine.Run(scenario, configuration);
        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        Assert.True((BugKind.SafetyMonitor, UseAfterFree.Name) == (trace.Bug.Kind, trace.Bug.Source), trace.Bug.Message);

        var named = Regex.Match(trace.Bug.Message, pattern);

        Assert.True(named.Success, trace.Bug.Message);
        var step = int.Parse(named.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(freer, trace.Steps[step].ThreadName);
        Assert.True(step < trace.Bug.Step, $"freed in step {step}, touched in step {trace.Bug.Step}");
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }

    /// <summary>
    /// One clean page of an unlinked file (inode 1) and an empty second file (inode 2). With
    /// <see cref="Holder.Reclaim"/>, kswapd reclaims the page with its isolation reference dropped
    /// around trylock_page (<see cref="Faults.ReclaimPutsBeforeTrylock"/>) while the last close
    /// evicts the file, then writes page 0 of the second file. With <see cref="Holder.Gup"/>, the
    /// page is pinned and its holder puts the pin before dirtying
    /// (<see cref="Faults.GupPutsBeforeDirtying"/>) while kswapd reclaims it, then writes the
    /// second file. Either way the write's allocation gets the freed page back (the allocator is
    /// LIFO) when it runs between the free and the stale use.
    /// </summary>
    private sealed class ReusedAfterFree(KernelEra era, ReusedAfterFree.Holder holder) : RaceScenario(ScenarioOptions.Default with
    {
        Era = era,
        Small = true,
        Faults = holder == Holder.Reclaim ? new Faults { ReclaimPutsBeforeTrylock = true } : new Faults { GupPutsBeforeDirtying = true },
    })
    {
        public enum Holder { Reclaim, Gup }

        public override string Name => $"stale-reference-reused-{holder.ToString().ToLowerInvariant()}";

        public override string Description => "a stale reference is used after the page was freed and given to another file";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
            var inode = kernel.CreateInode(1, fs);
            var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
            var other = kernel.Open(kernel.CreateInode(0, fs));
            if (holder == Holder.Reclaim)
            {
                inode.Nlink = 0; // unlinked; the open file below holds the only reference
                setup.Runtime.Spawn("kswapd", async () => await kernel.Vmscan.ReclaimOne(kswapd: true));
                setup.Runtime.Spawn("close", async () =>
                {
                    await kernel.Vfs.Iput(inode);
                    await kernel.Filemap.GenericFileWriteIter(other, 0);
                });
                return;
            }

            Filemap.FolioGet(page); // the pin, get_user_pages having returned before the race
            setup.Runtime.Spawn("dio", async () => await kernel.Gup.SetPageDirty(page));
            setup.Runtime.Spawn("kswapd", async () =>
            {
                await kernel.Vmscan.ReclaimOne(kswapd: true);
                await kernel.Filemap.GenericFileWriteIter(other, 0);
            });
        }
    }
}
