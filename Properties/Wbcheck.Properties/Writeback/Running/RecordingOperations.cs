using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>The filesystem's address-space operations, telling <paramref name="recorder"/> of each -&gt;writepage.</summary>
internal sealed class RecordingOperations(IAddressSpaceOperations inner, PassRecorder recorder) : IAddressSpaceOperations
{
    public bool HasWritepages => inner.HasWritepages;

    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        var result = await inner.Writepage(page, wbc);
        recorder.Writepage(page, result);
        return result;
    }

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => inner.Writepages(mapping, wbc);
}
