using System.Diagnostics;

namespace Wbcheck.Cli.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's chromium package), run as the brief for this machine says: no
/// sandbox (root), no GPU, no network services, a fresh profile each time. A test that needs it
/// fails, saying how to install it, when it is missing: it never passes without a browser.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    public static string Executable => Find() ?? throw new Xunit.Sdk.XunitException(
        "chromium is not installed, so the HTML trace view cannot be checked in a real browser: run .ci/install-chromium " +
        "(apt-get update && apt-get install -y chromium) and run the tests again");

    /// <summary>The DOM after the page's scripts ran.</summary>
    public static string DumpDom(string url) => Run(["--dump-dom", url]);

    /// <summary>A PNG of the page at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] Screenshot(string url, int width, int height)
    {
        var png = Path.Combine(Path.GetTempPath(), $"wbcheck-shot-{Guid.NewGuid():N}.png");
        try
        {
            Run([$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", url]);
            return File.Exists(png) ? File.ReadAllBytes(png) : throw new Xunit.Sdk.XunitException($"chromium wrote no screenshot for {url}");
        }
        finally
        {
            File.Delete(png);
        }
    }

    private static string Run(string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("wbcheck-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--force-color-profile=srgb", $"--user-data-dir={profile.FullName}", .. arguments,
            ])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("chromium did not finish within 2 minutes");
            }

            return process.ExitCode == 0
                ? output.Result
                : throw new Xunit.Sdk.XunitException($"chromium exited with {process.ExitCode}: {error.Result}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? Find()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in Names)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
