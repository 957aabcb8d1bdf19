namespace Wbcheck.Cli.SourceMap;

/// <summary>What <c>wbcheck source-map</c> found for one citation.</summary>
internal enum CitationStatus
{
    /// <summary>Found, and its body's fingerprint is the recorded one.</summary>
    InSync,

    /// <summary>Found, and its body has changed since the fingerprint was recorded.</summary>
    Drifted,

    /// <summary>Found, but the citation records no fingerprint to compare with.</summary>
    NoFingerprint,

    /// <summary>The file is there, the function is not defined in it.</summary>
    FunctionMissing,

    /// <summary>The cited file is not in the kernel tree (or folder) given.</summary>
    FileMissing,

    /// <summary>The citation names a document, not C source: only its presence is checked.</summary>
    NotCode,
}
