namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// Reclaim a page: isolate it with a reference (as isolate_lru_folios does) and run
/// shrink_folio_list on it, as kswapd or, <see cref="Direct"/>, as a task in direct reclaim.
/// Nothing happens if the page is not cached.
/// </summary>
public sealed record ReclaimCommand(int File, int Page, int? Steps = null, bool Direct = false) : OperationCommand(File, Steps)
{
    public override string Describe() => $"{(Direct ? "direct reclaim" : "reclaim")} f{File}:{Page}";
}
