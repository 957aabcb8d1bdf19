using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>A cached page as a writeback pass found it when it began: its flags and its tags.</summary>
public sealed record PageAtStart(long Index, bool Dirty, bool Writeback, XaMark Tags);
