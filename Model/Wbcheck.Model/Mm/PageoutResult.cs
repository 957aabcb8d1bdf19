namespace Wbcheck.Model.Mm;

/// <summary>What pageout did with a dirty page (pageout_t).</summary>
public enum PageoutResult : byte
{
    /// <summary>PAGE_KEEP: could not write it; keep it.</summary>
    Keep,

    /// <summary>PAGE_ACTIVATE: the filesystem wants it kept on the active list.</summary>
    Activate,

    /// <summary>PAGE_SUCCESS: writeback started; the page is unlocked.</summary>
    Success,

    /// <summary>PAGE_CLEAN: it was clean after all.</summary>
    Clean,
}
