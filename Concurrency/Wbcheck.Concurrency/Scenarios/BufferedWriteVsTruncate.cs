using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A buffered writer rewrites the second half of a file while truncate cuts the file to its
/// first half. Both hold the inode lock (i_sem, i_mutex, i_rwsem: every era had one), so one
/// runs wholly before the other: either the write lands and truncate then throws it away with
/// the pages past the new end, or truncate ends and the write then puts its page back and grows
/// the file. Without the lock a write can grow i_size again while truncate is still removing
/// pages, and its page is thrown away inside the file it grew: a write that returned is lost.
/// </summary>
public sealed class BufferedWriteVsTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "buffered-write-vs-truncate";

    /// <summary>What the scenario checks after every step.</summary>
    public const string Invariant = "no lost write";

    public override string Name => ScenarioName;

    public override bool UsesPages => true;

    public override string Description => "write(2) of the file's second half against truncate to its first half: the inode lock serializes them, no returned write is lost";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var pages = Options.Pages;
        var inode = kernel.CreateInode(pages, fs);
        for (var index = 0; index < pages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        var file = kernel.Open(inode);
        var first = pages / 2;

        // The version each write gave its page, once write(2) has returned.
        var returned = new long[pages];
        var writerDone = false;
        var truncateDone = false;
        setup.Runtime.Spawn("writer", async () =>
        {
            for (var index = first; index < pages; index++)
            {
                returned[index] = await kernel.Filemap.GenericFileWriteIter(file, index);
            }

            writerDone = true;
        });
        setup.Runtime.Spawn("truncate", async () =>
        {
            await kernel.Truncate.TruncateSetsize(inode, first);
            truncateDone = true;
        });

        // When both are done, the file is what some serial order of them leaves: truncate after
        // the first k writes removed those k pages, the writes after it put theirs back, and
        // i_size is the full file unless truncate came last.
        bool Kept(long index) =>
            (inode.Mapping.Pages.Load(index)?.Version ?? 0) >= returned[index] || kernel.Device.StableVersion(inode, index) >= returned[index];

        bool Serial(int k)
        {
            if (inode.SizePages != (k < pages - first ? pages : first))
            {
                return false;
            }

            for (var index = first; index < pages; index++)
            {
                if (Kept(index) != (index >= first + k))
                {
                    return false;
                }
            }

            return true;
        }

        setup.AddSafetyMonitor(Invariant, () =>
        {
            if (!writerDone || !truncateDone)
            {
                return null;
            }

            for (var k = 0; k <= pages - first; k++)
            {
                if (Serial(k))
                {
                    return null;
                }
            }

            var kept = string.Join(", ", Enumerable.Range(first, pages - first).Select(i => $"page {i} {(Kept(i) ? "has" : "lost")} its write v{returned[i]}"));
            return $"write(2) and truncate of {inode.Mapping} left what no order of them leaves: i_size {inode.SizePages} pages, {kept}";
        });
    }
}
