using System.Globalization;
using Wbcheck.Model;

namespace Wbcheck.Properties.Writeback;

/// <summary>A page whose -&gt;writepage fails, and the error it fails with.</summary>
public sealed record FailingPage(int Page, int Error)
{
    /// <summary>
    /// The errors a generated page fails with: several, so that which one a pass keeps shows;
    /// -EAGAIN is a filesystem that cannot write the page now (no era's walk treats it apart);
    /// -ENOMEM is transient: the page fails its first write only, then memory is back, so that
    /// do_writepages' retry of a data-integrity call (4.12 on) ends.
    /// </summary>
    public static IReadOnlyList<int> Errors { get; } = [Errno.ENOSPC, Errno.EIO, Errno.ENOMEM, Errno.EAGAIN];

    /// <summary>"3" for -ENOSPC, the filesystem's usual error; "3:-EIO" for any other.</summary>
    public override string ToString() => Error == Errno.ENOSPC
        ? Page.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Page}:{Errno.Name(Error)}");
}
