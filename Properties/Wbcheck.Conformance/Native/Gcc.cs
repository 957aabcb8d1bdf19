using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Wbcheck.Conformance.Native;

/// <summary>
/// Compiles a translation unit with the machine's gcc into a shared library in a cache folder
/// (keyed by the text's hash, so a case run compiles once). Never writes into the repository.
/// </summary>
public static class Gcc
{
    private static readonly Regex ImplicitDeclaration = new(@"implicit declaration of function [‘'`]([A-Za-z_0-9]+)[’'`]", RegexOptions.CultureInvariant);
    private static readonly Regex UndeclaredIdentifier = new(@"[‘'`]([A-Za-z_0-9]+)[’'`] undeclared", RegexOptions.CultureInvariant);

    // Each library keeps its symbols to itself (a mutant loaded beside the original must not call
    // into it); a call the shim lacks is an error, not an implicit int function.
    private static readonly string[] Flags =
    [
        "-shared", "-fPIC", "-O1", "-std=gnu11", "-fvisibility=hidden", "-Wl,-Bsymbolic", "-Wl,--no-undefined",
        "-Werror=implicit-function-declaration", "-Werror=int-conversion", "-Werror=incompatible-pointer-types",
    ];

    public const string InstallHint = "gcc not found: install it (Debian/Ubuntu: apt-get install gcc) or put it on PATH";

    /// <summary>
    /// The path of the compiled library. <paramref name="what"/> names the functions in the unit
    /// for the message when it does not compile; <paramref name="compiler"/> is gcc on PATH unless
    /// a test names another.
    /// </summary>
    public static string Compile(string source, string what, string compiler = "gcc")
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', Flags) + "\n" + source)))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "wbcheck-conform");
        Directory.CreateDirectory(folder);
        var library = Path.Combine(folder, $"{hash}.so");
        if (File.Exists(library))
        {
            return library;
        }

        // Per process until the library is in place: two test runs may compile the same unit at once.
        var unit = Path.Combine(folder, $"{hash}.{Environment.ProcessId}.c");
        File.WriteAllText(unit, source);
        var partial = Path.Combine(folder, $"{hash}.{Environment.ProcessId}.so.tmp");
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Flags.Concat(["-o", partial, unit]))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ConformanceException(InstallHint);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new ConformanceException(InstallHint, exception);
        }

        using (process)
        {
            var errorTask = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var errors = errorTask.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw new ConformanceException($"{what} does not compile against the shim: {FirstError(errors)}");
            }
        }

        File.Move(partial, library, overwrite: true);
        File.Move(unit, Path.Combine(folder, $"{hash}.c"), overwrite: true);
        return library;
    }

    /// <summary>The first error gcc reported, naming a kernel call the shim lacks when that is what it is.</summary>
    public static string FirstError(string errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var line = errors.Split('\n').FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal))?.Trim()
            ?? errors.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "gcc failed without a message";
        if (ImplicitDeclaration.Match(line) is { Success: true } call)
        {
            return $"the shim lacks the kernel call {call.Groups[1].Value} ({line})";
        }

        if (UndeclaredIdentifier.Match(line) is { Success: true } name)
        {
            return $"the shim lacks the kernel name {name.Groups[1].Value} ({line})";
        }

        return line;
    }
}
