using Wbcheck.Model;
using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The filesystem's operations, telling <paramref name="recorder"/> of each -&gt;writepage; every
/// other operation of the contract goes to the filesystem unchanged.
/// </summary>
internal sealed class RecordingOperations(IWritebackFilesystem inner, PassRecorder recorder) : IWritebackFilesystem
{
    public Kernel Kernel => inner.Kernel;

    public bool HasWritepages => inner.HasWritepages;

    public bool HasWritepage => inner.HasWritepage;

    public bool HasReleasepage => inner.HasReleasepage;

    public ValueTask<bool> Releasepage(Page page, Gfp gfpMask) => inner.Releasepage(page, gfpMask);

    public ValueTask<Page?> WriteBegin(Filemap filemap, AddressSpace mapping, long index) => inner.WriteBegin(filemap, mapping, index);

    public void WriteEnd(AddressSpace mapping) => inner.WriteEnd(mapping);

    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        var result = await inner.Writepage(page, wbc);
        recorder.Writepage(page, result);
        return result;
    }

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => inner.Writepages(mapping, wbc);

    public ValueTask<long> GetBlock(Inode inode, long index, bool create) => inner.GetBlock(inode, index, create);

    public void EndIo(Bio bio, int status) => inner.EndIo(bio, status);

    public ValueTask<bool> DirtyFolio(AddressSpace mapping, Page page) => inner.DirtyFolio(mapping, page);

    public bool HasPageMkwrite => ((IVmOperations)inner).HasPageMkwrite;

    public ValueTask<int> PageMkwrite(PageTable vma, Page page) => ((IVmOperations)inner).PageMkwrite(vma, page);

    public ValueTask<int> LaunderFolio(Page page) => inner.LaunderFolio(page);

    public ValueTask<int> Fsync(OpenFile file, long start, long end) => inner.Fsync(file, start, end);

    public ValueTask EvictInode(Inode inode) => inner.EvictInode(inode);
}
