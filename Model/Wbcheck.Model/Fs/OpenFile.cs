using Wbcheck.Model.Citations;
using Wbcheck.Model.Lib;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// struct file: an open file description. Its f_wb_err is the cursor into the mapping's errseq,
/// sampled at open, so each description is told of each writeback error once.
/// </summary>
[Models("include/linux/fs.h", "struct file", "6.9")]
public sealed class OpenFile(int id, Inode inode, ErrSeq wbErr)
{
    private ErrSeq wbErrField = wbErr;

    public int Id { get; } = id;

    public Inode Inode { get; } = inode;

    public AddressSpace Mapping => Inode.Mapping;

    /// <summary>f_wb_err.</summary>
    public ErrSeq WbErr
    {
        get
        {
            AccessLog.Read(AccessId(Field.WbErr));
            return wbErrField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.WbErr));
            wbErrField = value;
        }
    }

    public override string ToString() => $"file {Id} of {Inode}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 1000 + Id, (int)field);

    /// <summary>The file's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        WbErr,
    }
}
