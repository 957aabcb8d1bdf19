namespace Wbcheck.Model.Citations;

/// <summary>
/// Cites the kernel function a model member models: the file in the kernel tree, the function,
/// and the kernel version it was read from. <c>wbcheck list</c> prints these and
/// <c>wbcheck source-map</c> checks them against a kernel tree.
/// </summary>
[AttributeUsage(
    AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface |
    AttributeTargets.Enum | AttributeTargets.Delegate | AttributeTargets.Property |
    AttributeTargets.Field | AttributeTargets.Constructor,
    AllowMultiple = true,
    Inherited = false)]
public sealed class ModelsAttribute(string file, string function, string version) : Attribute
{
    /// <summary>Path in the kernel tree, e.g. "mm/page-writeback.c", or a document such as "Documentation/...".</summary>
    public string File { get; } = file;

    /// <summary>The C function (or macro) modelled, e.g. "clear_page_dirty_for_io".</summary>
    public string Function { get; } = function;

    /// <summary>The kernel version the member was read from, e.g. "6.9" or "2.6.20".</summary>
    public string Version { get; } = version;

    /// <summary>
    /// Hash of the function body's tokens (comments and white space removed) as it was when
    /// modelled, printed by <c>wbcheck source-map --record</c>; null when not yet recorded.
    /// </summary>
    public string? Fingerprint { get; init; }
}
