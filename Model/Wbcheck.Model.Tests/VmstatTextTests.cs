namespace Wbcheck.Model.Tests;

/// <summary>
/// The vm counters as failure messages and traces print them: NR_FILE_DIRTY and NR_WRITEBACK
/// always, every other counter only when it is not zero, with its value.
/// </summary>
public sealed class VmstatTextTests
{
    [Fact]
    public void The_text_names_the_counters_that_are_not_zero_and_only_those()
    {
        var vmstat = new World(pages: 0).Kernel.Vmstat;
        Assert.Equal("NR_FILE_DIRTY=0 NR_WRITEBACK=0", vmstat.ToString());

        vmstat.NrUnstableNfs = 1;
        vmstat.NrFileMapped = 1;
        vmstat.NrAnonPages = 1;
        vmstat.NrDirtied = 1;
        vmstat.NrWritten = 1;

        Assert.Equal("NR_FILE_DIRTY=0 NR_WRITEBACK=0 NR_UNSTABLE_NFS=1 NR_FILE_MAPPED=1 NR_ANON_PAGES=1 NR_DIRTIED=1 NR_WRITTEN=1", vmstat.ToString());
    }
}
