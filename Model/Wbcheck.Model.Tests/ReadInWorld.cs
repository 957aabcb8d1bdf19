using Wbcheck.Model.Fs;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The world of the read-in tests (<see cref="FaultReadInTests"/>, <see cref="BufferedReadTests"/>):
/// a one-page file whose page is on the disk and not in the page cache, and a punch that holds the
/// lock a read-in must wait for.
/// </summary>
internal static class ReadInWorld
{
    /// <summary>A file of one page, version <paramref name="disk"/> on the disk, nothing cached.</summary>
    internal static (World World, Inode Inode) Uncached(KernelEra era, long disk)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var inode = world.Kernel.CreateInode(1, world.Fs);
        world.Kernel.Device.SetStableVersion(inode, 0, disk);
        return (world, inode);
    }

    /// <summary>A punch on another thread holds <paramref name="sem"/> for writing.</summary>
    internal static void HoldForWriting(World world, RwSemaphore sem) =>
        world.Runtime.Run("punch", async () => await sem.DownWrite(world.Runtime, new StepLabel(sem.Name)));
}
