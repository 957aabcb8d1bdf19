using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>Records each writeback pass as it begins: the mapping and the pass's sync mode.</summary>
internal sealed class PassWatch : IKernelObserver
{
    public List<(AddressSpace Mapping, WritebackSyncMode Mode)> Started { get; } = [];

    public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc) => Started.Add((mapping, wbc.SyncMode));
}
