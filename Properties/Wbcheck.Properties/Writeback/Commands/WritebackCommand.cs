namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>One writeback pass over the file (do_writepages) with the writeback_control <paramref name="Wbc"/> describes.</summary>
public sealed record WritebackCommand(int File, WbcSpec Wbc, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => $"writeback f{File} {Wbc}";
}
