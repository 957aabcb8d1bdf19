using System.Collections.Immutable;
using System.Globalization;

namespace Wbcheck.Properties.Writeback;

/// <summary>
/// A file at the start of a case: its size in pages, what each page of it holds in the page
/// cache (<see cref="Cache"/>: '.' not cached, 'c' cached clean, 'd' cached dirty), the pages
/// whose -&gt;writepage fails and with which error, and the mapping's writeback_index.
/// </summary>
public sealed record FileSetup(int Pages, string Cache, ImmutableArray<FailingPage> Failing, long WritebackIndex)
{
    public const char NotCached = '.';
    public const char Clean = 'c';
    public const char Dirty = 'd';

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pages} pages [{Cache}]{(Failing.IsEmpty ? "" : $" ->writepage fails on {string.Join(",", Failing)}")}{(WritebackIndex == 0 ? "" : $" writeback_index {WritebackIndex}")}");
}
