using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// A bdi_writeback's flusher writes only that wb's inodes (cgroup writeback, 4.2: each wb has
/// its own dirty lists, and wb_writeback walks them alone): a memcg over its background
/// threshold does not make its flusher write the root's inodes, nor the root's flusher the
/// memcg's. Checked as the flusher takes each inode.
/// </summary>
public sealed class WbFlusherIsolation(Kernel kernel) : IKernelObserver
{
    public const string Name = "a wb's flusher writes only that wb's inodes";

    public void WbWritesInode(CgroupWb? wb, Inode inode)
    {
        var owner = kernel.Throttle.InodeToWb(inode);
        if (owner != wb)
        {
            throw new InvariantViolationException(Name,
                $"the flusher of {Describe(wb)} writes {inode}, which belongs to {Describe(owner)}");
        }
    }

    private static string Describe(CgroupWb? wb) => wb is null ? "the root wb" : $"the wb of memcg {wb.Memcg.Name}";
}
