using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Block;

/// <summary>
/// One segment of a bio: <paramref name="Length"/> bytes of <paramref name="Page"/> from
/// <paramref name="Offset"/>. <paramref name="Version"/> and <paramref name="ZeroFrom"/> are the
/// page's data version and zero tail as the bio carries them, filled in at submission.
/// </summary>
public readonly record struct BioVec(Page Page, long Version, int Offset = 0, int Length = Page.PageSize, int ZeroFrom = Page.PageSize);
