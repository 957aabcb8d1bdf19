using System.Security.Cryptography;
using System.Text;

namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// Identifies what a trace replays against: the program's name, its parameters and the model
/// version. Two traces with the same fingerprint drive the same code with the same setup.
/// </summary>
internal static class TraceFingerprint
{
    public static string Of(string program, IReadOnlyDictionary<string, string> parameters, string modelVersion)
    {
        // Length-prefixed fields, parameters in ordinal order: no two inputs share a text.
        var text = new StringBuilder();
        Append(text, program);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Append(text, key);
            Append(text, value);
        }

        Append(text, modelVersion);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash, 0, 8);
    }

    private static void Append(StringBuilder text, string field) => text.Append(field.Length).Append(':').Append(field);
}
