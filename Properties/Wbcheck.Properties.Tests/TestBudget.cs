using System.Globalization;

namespace Wbcheck.Properties.Tests;

/// <summary>
/// How many cases a property test that must hold checks: 1000 by default, or the number in
/// WBCHECK_PROPERTY_CASES for a deep run (e.g. WBCHECK_PROPERTY_CASES=100000). Only tests read it.
/// </summary>
internal static class TestBudget
{
    public const string Variable = "WBCHECK_PROPERTY_CASES";

    public const int DefaultCases = 1000;

    public static int Cases { get; } = Read();

    private static int Read()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultCases;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : throw new InvalidOperationException($"{Variable}={text}: expected a positive number of cases");
    }
}
