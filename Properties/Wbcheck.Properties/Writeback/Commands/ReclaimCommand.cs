namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// Reclaim a page: isolate it with a reference (as isolate_lru_folios does) and run
/// shrink_folio_list on it, as kswapd or, <see cref="Direct"/>, as a task in direct reclaim.
/// <see cref="InHandle"/>: the direct reclaim of an allocation the file's filesystem makes inside
/// a transaction of its own, its journal handle held, with the mask the era's filesystem passes
/// there (GFP_NOFS before 4.12, a GFP_NOFS scope from 4.12; see
/// <see cref="Model.Fs.SimpleFs.AllocateInTransaction"/>). Nothing happens if the page is not cached.
/// </summary>
public sealed record ReclaimCommand(int File, int Page, int? Steps = null, bool Direct = false, bool InHandle = false) : OperationCommand(File, Steps)
{
    public override string Describe() =>
        InHandle ? $"direct reclaim f{File}:{Page} under the journal handle"
        : $"{(Direct ? "direct reclaim" : "reclaim")} f{File}:{Page}";
}
