using System.Collections.Immutable;
using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>A finished write-back or read of a layout: the kernel as it was left, and what was submitted.</summary>
public sealed class MpageRun
{
    internal MpageRun(FileLayout layout, BioOp op, Kernel kernel, MpageFs fs, Inode inode, ImmutableDictionary<long, long> versionsAtStart)
    {
        Layout = layout;
        Op = op;
        Kernel = kernel;
        Fs = fs;
        Inode = inode;
        VersionsAtStart = versionsAtStart;
    }

    public FileLayout Layout { get; }

    /// <summary>Write: write-back of the dirty pages. Read: readahead of the pages to read.</summary>
    public BioOp Op { get; }

    public Kernel Kernel { get; }

    public MpageFs Fs { get; }

    public Inode Inode { get; }

    public BioLog Log => Fs.Log;

    /// <summary>What -&gt;writepages or -&gt;readpages returned.</summary>
    public int Result { get; internal set; }

    /// <summary>The data version of every page cached at the start, by index.</summary>
    public ImmutableDictionary<long, long> VersionsAtStart { get; }
}
