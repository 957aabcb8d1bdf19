using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The lost-write observer of the unlink property: a write(2) that returned a version keeps that
/// data readable (the cached page at that version or newer, or, with the page gone, the disk)
/// until the file shrinks below the page, a punch drops the page, or the file is unlinked.
/// Checked after every step. Its cases fail no I/O and no -&gt;writepage, so nothing the kernel
/// reports as an error can lose the data; an fsync that returned 0 proves it reached the disk,
/// and this check holds from the write on, so it holds for fsynced data in particular. A write
/// that races a truncate without the inode lock (<see cref="Faults.WriteSkipsInodeLock"/>)
/// grows i_size over a page the truncate then removes: the write returned, i_size covers it, and
/// neither the cache nor the disk has it.
/// </summary>
public sealed class WrittenDataReadable(Kernel kernel)
{
    public const string Name = "written data readable until unlink";

    private readonly Dictionary<(Inode Inode, long Index), long> owed = [];

    /// <summary>A write of page <paramref name="index"/> returned <paramref name="version"/>.</summary>
    public void Written(Inode inode, long index, long version) => owed[(inode, index)] = version;

    private readonly List<(Inode Inode, long First, long Last)> punching = [];

    /// <summary>
    /// A punch of pages <paramref name="first"/>..<paramref name="last"/> begins: until it ends,
    /// a write into the range that returns before the punch takes the inode lock may be punched
    /// away, so the range is not checked.
    /// </summary>
    public void Punching(Inode inode, long first, long last) => punching.Add((inode, first, last));

    /// <summary>The punch ended: what it removed is no longer owed.</summary>
    public void Punched(Inode inode, long first, long last)
    {
        punching.Remove((inode, first, last));
        Dropped(inode, first, last);
    }

    /// <summary>Pages <paramref name="first"/>..<paramref name="last"/> (all: the unlink) are no longer owed.</summary>
    public void Dropped(Inode inode, long first = 0, long last = long.MaxValue)
    {
        foreach (var key in owed.Keys.Where(k => k.Inode == inode && k.Index >= first && k.Index <= last).ToList())
        {
            owed.Remove(key);
        }
    }

    /// <summary>The first owed write neither the cache nor the disk holds, or null; pages past i_size are let go.</summary>
    public string? Check()
    {
        if (owed.Count == 0)
        {
            return null;
        }

        foreach (var ((inode, index), version) in owed.ToList())
        {
            // Unlinked (a write that ended after the unlink owes nothing either), or shrunk below the page.
            if (inode.Nlink == 0 || index >= inode.SizePages)
            {
                owed.Remove((inode, index));
                continue;
            }

            if (punching.Exists(p => p.Inode == inode && index >= p.First && index <= p.Last))
            {
                continue;
            }

            var cached = inode.Mapping.Pages.Load(index);
            var held = cached?.Version ?? kernel.Device.StableVersion(inode, index);
            if (held < version)
            {
                return cached is null
                    ? $"a write of page {index} of {inode.Mapping} returned v{version}, i_size covers the page, but it left the cache and the disk holds v{held}: the write is lost"
                    : $"a write of page {index} of {inode.Mapping} returned v{version}, but the cached page holds v{held}";
            }
        }

        return null;
    }
}
