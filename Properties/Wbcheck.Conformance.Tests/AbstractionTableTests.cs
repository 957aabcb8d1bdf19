using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Running;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Tests;

public sealed class AbstractionTableTests
{
    [Fact]
    public void EveryRowOfACompiledFunctionHasItsRule()
    {
        var compiled = ConformanceTargets.All.Select(t => (t.Name, t.Version)).ToList();
        var rows = AbstractionTable.All;
        Assert.Equal(["congestion-exits", "writepage-activate-error"], rows.Select(r => r.Id));
        Assert.All(rows.Where(r => compiled.Any(c => c.Name == r.Function && r.Covers(c.Version))), r => Assert.True(Tolerances.Rules.ContainsKey(r.Id), r.Id));
        Assert.All(Tolerances.Rules.Keys, id => Assert.Contains(rows, r => r.Id == id));
    }

    [Fact]
    public void ARowNeedsFiveCells() =>
        Assert.Throws<InvalidOperationException>(() => AbstractionTable.Parse("| id | function | version | difference tolerated | reason |\n| --- |\n| a | b | c |\n"));

    /// <summary>Once the row wait-leaves-pg-error, now fixed: the model's 2.6.20 wait reports PG_error as -EIO and leaves it set, as the kernel did.</summary>
    [Fact]
    public void WaitOnPageWritebackRangeLeavesPgError()
    {
        var (kernel, runtime, mapping, _, _) = WritepagesModel.Build(
            GenericWritepagesTests.Plain([new CasePage(0, false, false, true, true, false, FsAction.WriteAsync)]), KernelEra.V2_6_20);
        var result = 1;
        runtime.Run("fdatawait", async () => result = await kernel.Filemap.FilemapFdatawaitRange(mapping, 0, WritebackControl.LLongMax));
        Assert.Equal(Errno.EIO, result);
        Assert.True(mapping.Pages.Load(0)!.Error);
    }

    /// <summary>writepage-activate-error: in 2.6.29 the model's __writepage sets no AS_EIO for AOP_WRITEPAGE_ACTIVATE.</summary>
    [Fact]
    public void WritepageCallbackFiltersActivate()
    {
        var (kernel, runtime, mapping, _, _) = WritepagesModel.Build(
            GenericWritepagesTests.Plain([new CasePage(0, false, true, false, false, true, FsAction.Activate)]), KernelEra.V2_6_29);
        var written = 0;
        runtime.Run("writepages", async () => written = await kernel.PageWriteback.DoWritepages(mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        Assert.Equal(0, written);
        Assert.True(mapping.Pages.Load(0)!.Dirty);
        Assert.Equal(AddressSpaceFlags.None, mapping.Flags & (AddressSpaceFlags.Eio | AddressSpaceFlags.Enospc));
    }
}
