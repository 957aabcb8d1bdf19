using System.Text;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// struct buffer_head: one filesystem block of a page (or, with no page, a metadata block of
/// the block device's buffer cache), with its disk address and state. get_block also fills one
/// in to describe a mapping: then <see cref="Size"/> is the length of the run of contiguous
/// blocks it maps, which can cover many pages.
/// </summary>
[Models("include/linux/buffer_head.h", "struct buffer_head", "4.9")]
public sealed class BufferHead
{
    private BufferState stateField;
    private long blockNrField;
    private int sizeField;

    /// <summary>b_state.</summary>
    public BufferState State
    {
        get
        {
            AccessLog.Read(AccessId(Field.State));
            return stateField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.State));
            stateField = value;
        }
    }

    /// <summary>b_page: the page holding the block's data; null for a metadata block.</summary>
    public Page? Page { get; internal set; }

    /// <summary>bh_offset: where the block's data starts in <see cref="Page"/>.</summary>
    public int OffsetInPage { get; internal set; }

    /// <summary>b_blocknr: the disk block, in filesystem blocks, once mapped.</summary>
    public long BlockNr
    {
        get
        {
            AccessLog.Read(AccessId(Field.BlockNr));
            return blockNrField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.BlockNr));
            blockNrField = value;
        }
    }

    /// <summary>b_size, in bytes.</summary>
    public int Size
    {
        get
        {
            AccessLog.Read(AccessId(Field.Size));
            return sizeField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Size));
            sizeField = value;
        }
    }

    /// <summary>b_end_io: what completes I/O on the buffer (in interrupt context).</summary>
    internal Action<BufferHead, bool>? EndIo { get; set; }

    public bool Mapped => Has(BufferState.Mapped);

    public bool Dirty => Has(BufferState.Dirty);

    public bool Uptodate => Has(BufferState.Uptodate);

    public bool New => Has(BufferState.New);

    public bool Boundary => Has(BufferState.Boundary);

    public bool Locked => Has(BufferState.Locked);

    public bool Has(BufferState bits) => (State & bits) == bits;

    public void Set(BufferState bits) => State |= bits;

    public void Clear(BufferState bits) => State &= ~bits;

    /// <summary>Clear <paramref name="bits"/> and say whether they were all set (test_clear_buffer_*).</summary>
    public bool TestClear(BufferState bits)
    {
        var was = Has(bits);
        Clear(bits);
        return was;
    }

    /// <summary>The state as letters, as the layout format writes it: M mapped, D dirty, U uptodate, N new, B boundary; "-" for none.</summary>
    public string Letters()
    {
        var letters = new StringBuilder();
        letters.Append(Mapped ? "M" : "").Append(Dirty ? "D" : "").Append(Uptodate ? "U" : "").Append(New ? "N" : "").Append(Boundary ? "B" : "");
        return letters.Length == 0 ? "-" : letters.ToString();
    }

    public override string ToString() => Mapped ? $"bh {Letters()} block {BlockNr}" : $"bh {Letters()}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Page, Page?.Frame ?? 0, 66 + (int)field);

    /// <summary>The buffer's fields, as AccessIds numbers them (under its page's frame).</summary>
    private enum Field
    {
        State,
        BlockNr,
        Size,
    }
}
