namespace Wbcheck.Cli;

/// <summary>The exit codes of every wbcheck command, listed in <c>wbcheck --help</c> and the README.</summary>
internal static class ExitCodes
{
    /// <summary>Success: no bug, every expectation met.</summary>
    public const int Ok = 0;

    /// <summary>A bug was found, or a matrix cell did not match its expectation.</summary>
    public const int BugFound = 1;

    /// <summary>Bad input: unknown scenario or era, an invalid or diverging trace, conflicting options.</summary>
    public const int Usage = 2;

    /// <summary>wbcheck itself failed (a bug in the harness, or the model behaving nondeterministically).</summary>
    public const int InternalError = 3;

    public const string Help =
        "Exit codes: 0 success; 1 bug found (or expectation not met); 2 bad input (unknown name, invalid or diverging " +
        "trace, conflicting options); 3 internal error (a bug in wbcheck itself).";
}
