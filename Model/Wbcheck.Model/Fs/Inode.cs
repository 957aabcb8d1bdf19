using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs;

/// <summary>struct inode, reduced to what writeback needs: a number, a size and a page cache.</summary>
[Models("include/linux/fs.h", "struct inode", "6.9")]
public sealed class Inode
{
    internal Inode(int ino, long sizePages, IAddressSpaceOperations operations)
    {
        Ino = ino;
        SizePages = sizePages;
        Mapping = new AddressSpace(this, operations);
    }

    public int Ino { get; }

    /// <summary>i_size, in whole pages: pages at or beyond it are past EOF.</summary>
    public long SizePages { get; set; }

    /// <summary>i_mapping.</summary>
    public AddressSpace Mapping { get; }

    /// <summary>The last data version any write to this file produced.</summary>
    public long VersionClock { get; set; }

    public override string ToString() => $"inode {Ino}";
}
