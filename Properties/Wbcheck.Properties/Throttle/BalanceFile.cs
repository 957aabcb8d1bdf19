namespace Wbcheck.Properties.Throttle;

/// <summary>
/// One file's page cache before balance_dirty_pages runs: <see cref="Dirty"/> pages dirtied, the
/// first <see cref="Writeback"/> of them under writeback with their I/O not yet completed, and
/// the first <see cref="Redirtied"/> of those dirtied again while under writeback.
/// </summary>
public sealed record BalanceFile(int Dirty, int Writeback, int Redirtied)
{
    public bool IsValid => Dirty >= 0 && Writeback >= 0 && Writeback <= Dirty && Redirtied >= 0 && Redirtied <= Writeback;

    public override string ToString() =>
        $"{Dirty} dirtied" + (Writeback == 0 ? "" : $" ({Writeback} under writeback" + (Redirtied == 0 ? ")" : $", {Redirtied} of them dirty again)"));
}
