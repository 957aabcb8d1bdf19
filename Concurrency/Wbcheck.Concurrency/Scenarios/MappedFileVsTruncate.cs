using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A file of two clean cached pages, mapped shared with no pte yet (the filesystem's own vm_ops:
/// generic ones, no -&gt;page_mkwrite before 3.19), and two threads: one that faults on page 1
/// (<see cref="Fault"/>, on a thread named <paramref name="faulter"/>) and one that truncates the
/// file to one page. The rows fault-vs-truncate and store-to-missing-pte-vs-truncate.
/// </summary>
public abstract class MappedFileVsTruncate(ScenarioOptions options, string faulter) : RaceScenario(options)
{
    /// <summary>The faulting thread's body, on page 1 of <paramref name="inode"/> through <paramref name="vma"/>.</summary>
    protected abstract Task Fault(Kernel kernel, PageTable vma, Inode inode);

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        var vma = kernel.Memory.Mmap(inode, fs);

        setup.Runtime.Spawn(faulter, () => Fault(kernel, vma, inode));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, 1));
    }
}
