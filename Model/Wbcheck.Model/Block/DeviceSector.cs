namespace Wbcheck.Model.Block;

/// <summary>
/// What a completed write left in one 512-byte sector of the device: which bytes of which file
/// page, at what data version, and from which byte of the sector on it is zero (512: none is
/// known to be).
/// </summary>
public readonly record struct DeviceSector(int Ino, long PageIndex, int OffsetInPage, long Version, int ZeroFrom)
{
    /// <summary>The offset in the file of the sector's first byte.</summary>
    public long FileOffset => (PageIndex << Mm.WritebackControl.PageShift) + OffsetInPage;
}
