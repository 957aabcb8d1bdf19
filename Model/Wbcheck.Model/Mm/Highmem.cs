using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Mm;

/// <summary>include/linux/highmem.h: zeroing parts of a page.</summary>
public static class Highmem
{
    /// <summary>
    /// Zero bytes [<paramref name="start"/>, <paramref name="end"/>) of the page. The model keeps
    /// only the page's zero tail (<see cref="Page.ZeroFrom"/>), which is what keeps bytes past
    /// i_size off the disk, so only a range that runs to the end of the page is modelled.
    /// </summary>
    [Models("include/linux/highmem.h", "zero_user_segment", "4.9")]
    public static void ZeroUserSegment(Page page, int start, int end)
    {
        if (end != Page.PageSize)
        {
            throw new UnmodelledPathException("zero_user_segment", $"zeroing [{start}, {end}) of {page}, which stops short of the page's end");
        }

        page.ZeroFrom = Math.Min(page.ZeroFrom, start);
    }
}
