namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// A device writes into a cached page through get_user_pages(FOLL_WRITE) of the file's shared
/// mapping (made now if the file has none), as direct I/O reading into an mmapped page does,
/// then dirties and releases it: with set_page_dirty_lock when <paramref name="Locked"/>, else
/// with set_page_dirty and no page lock. Nothing happens if the page is not cached.
/// </summary>
public sealed record GupDirtyCommand(int File, int Page, bool Locked, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => $"gup-dirty f{File}:{Page} ({(Locked ? "set_page_dirty_lock" : "set_page_dirty, no page lock")})";
}
