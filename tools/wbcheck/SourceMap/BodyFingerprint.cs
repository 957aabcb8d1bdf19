using System.Security.Cryptography;
using System.Text;

namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// The fingerprint of a function body: the first 16 hex digits of the SHA-256 of its tokens,
/// comments dropped, joined by single spaces. Re-indenting, re-wrapping or re-commenting a
/// function leaves it unchanged; changing any token changes it.
/// </summary>
internal static class BodyFingerprint
{
    public static string Compute(IReadOnlyList<CDefinition> definitions)
    {
        // Several definitions (one per conditional branch) are fingerprinted together, in file order.
        var text = string.Join('\n', definitions.Select(definition => NormalizedText(definition.Body)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static string Compute(CDefinition definition) => Compute([definition]);

    public static string NormalizedText(IEnumerable<CToken> tokens) =>
        string.Join(' ', Significant(tokens).Select(token => token.Text));

    public static IEnumerable<CToken> Significant(IEnumerable<CToken> tokens) =>
        tokens.Where(token => token.Kind != CTokenKind.Comment);
}
