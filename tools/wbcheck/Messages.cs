namespace Wbcheck.Cli;

/// <summary>Exception messages as one line for standard error.</summary>
internal static class Messages
{
    /// <summary>The message without .NET's " (Parameter 'x')" and "Actual value was" tails, on one line.</summary>
    public static string OneLine(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }

        var actual = message.IndexOf("\nActual value was", StringComparison.Ordinal);
        return (actual >= 0 ? message[..actual] : message).ReplaceLineEndings(" ").Trim();
    }
}
