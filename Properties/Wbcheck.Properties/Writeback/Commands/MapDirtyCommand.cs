namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// A store through a shared mapping of a cached page, dirtying it from the write fault
/// (wp_page_shared): without the page lock before 3.19. Nothing happens if the page is not cached.
/// </summary>
public sealed record MapDirtyCommand(int File, int Page, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => $"mmap-dirty f{File}:{Page}";
}
