using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// get_block_t: map file block <paramref name="block"/> of <paramref name="inode"/> into
/// <paramref name="bh"/>. On entry <see cref="BufferHead.Size"/> is how many bytes the caller
/// would like mapped from there; on return, for a mapped buffer, how many contiguous bytes were.
/// A hole leaves the buffer unmapped, unless <paramref name="create"/> asks for it to be
/// allocated (BH_New). Returns 0 or a negative errno. It may sleep: mapping a block can need
/// a read of an indirect block first.
/// </summary>
[Models("include/linux/fs.h", "get_block_t", "4.9")]
public delegate ValueTask<int> GetBlockCallback(Inode inode, long block, BufferHead bh, bool create);
