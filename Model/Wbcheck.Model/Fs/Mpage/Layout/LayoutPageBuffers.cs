using System.Collections.Immutable;

namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>
/// A page that already has buffer heads, with each buffer's state (only Mapped, Dirty and
/// Uptodate are given; a mapped buffer's block number and boundary mark come from the extents).
/// </summary>
public sealed record LayoutPageBuffers(long Page, ImmutableArray<BufferState> States);
