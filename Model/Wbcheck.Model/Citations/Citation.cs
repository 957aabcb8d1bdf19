namespace Wbcheck.Model.Citations;

/// <summary>
/// One <c>[Models(file, function, version)]</c> on a model member, as read by reflection.
/// <see cref="Member"/> names the member for a reader, e.g. "PageWriteback.ClearPageDirtyForIo".
/// </summary>
public sealed record Citation(string Member, string File, string Function, string Version, string? Fingerprint);
