namespace Wbcheck.Cli.Tests.SourceMap;

/// <summary>The C files and tree pieces under SourceMap/Fixtures, as copied beside the test assembly.</summary>
internal static class Fixture
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "SourceMap", "Fixtures", relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));
}
