using System.Text;

namespace Wbcheck.Conformance.Cases;

/// <summary>One page of the generated page cache: its flags and tags, and what -&gt;writepage does with it.</summary>
public sealed record CasePage(int Index, bool Locked, bool Dirty, bool Writeback, bool Error, bool TagDirty, FsAction Action)
{
    /// <summary>PG_uptodate is always set: every page here has been read or written whole.</summary>
    public bool Uptodate => true;

    /// <summary>The PG_writeback page's WRITEBACK tag is always set with it.</summary>
    public bool TagWriteback => Writeback;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Index).Append(':');
        text.Append(Locked ? "L" : "").Append(Dirty ? "D" : "").Append(Writeback ? "W" : "").Append(Error ? "E" : "");
        text.Append(TagDirty ? "/d" : "/").Append(Writeback ? "w" : "");
        if (Action != FsAction.WriteAsync)
        {
            text.Append(' ').Append(Action);
        }

        return text.ToString();
    }
}
