namespace Wbcheck.Model.Mm;

/// <summary>writepage_t: what write_cache_pages calls for each page it hands out, locked.</summary>
public delegate ValueTask<int> WritepageCallback(Page page, WritebackControl wbc);
