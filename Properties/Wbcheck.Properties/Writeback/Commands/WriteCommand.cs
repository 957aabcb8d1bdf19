namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>A buffered write of one whole page: new data, a new version, the page dirtied (generic_perform_write).</summary>
public sealed record WriteCommand(int File, int Page, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => $"write f{File}:{Page}";
}
