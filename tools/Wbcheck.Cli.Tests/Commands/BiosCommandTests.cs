using Wbcheck.Cli.Commands;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary><c>wbcheck bios</c> over layout files in a temporary directory.</summary>
public sealed class BiosCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "wbcheck-bios-" + Guid.NewGuid().ToString("D"));
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public BiosCommandTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
        output.Dispose();
        error.Dispose();
    }

    [Fact]
    public void It_prints_the_bios_of_write_back_in_submission_order()
    {
        var path = Write("ext2.layout", "block-size 1024\ni-size 16384\nextent 0-11 at 0\nindirect 12 maps 12-15\nextent 12-15 at 13\ndirty 0-3\n");

        var exit = BiosCommand.Run(path, read: false, output, error);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error.ToString());
        var lines = output.ToString().Split('\n');
        Assert.Equal("write-back, WB_SYNC_NONE, of dirty pages 0-3", lines[0]);
        Assert.Equal("#  op     blocks  sector  sectors  pages  flags  why", lines[3]);
        Assert.Equal("1  READ   12      24      2        -      -      get_block reads indirect block", lines[5]);
        Assert.Equal("2  WRITE  0-11    0       24       0-2    -      next page not contiguous", lines[6]);
        Assert.Equal("3  WRITE  13-16   26      8        3      -      end of pass", lines[7]);
        Assert.Equal("confused pages: none", lines[9]);
    }

    [Fact]
    public void With_read_it_prints_the_bios_of_the_read()
    {
        var path = Write("file.layout", "i-size 8192\nextent 0-1 at 5\n");

        var exit = BiosCommand.Run(path, read: true, output, error);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("read of pages 0-1: readahead of pages 0-1\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1  READ  5-6     40      16       0-1    -      end of pass", output.ToString());
    }

    [Fact]
    public void A_malformed_layout_is_one_line_on_stderr_naming_file_and_line_and_exit_2()
    {
        var path = Write("bad.layout", "i-size 8192\nblock-size 3000\n");

        var exit = BiosCommand.Run(path, read: false, output, error);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output.ToString());
        Assert.Equal(
            $"wbcheck bios: {path}:2: block-size must be 512, 1024, 2048 or 4096 (pages are 4096 bytes), not 3000 (format: {BiosCommand.FormatDocument})\n",
            error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_file_is_one_line_on_stderr_and_exit_2()
    {
        var path = Path.Combine(directory, "absent.layout");

        var exit = BiosCommand.Run(path, read: false, output, error);

        Assert.Equal(ExitCodes.Usage, exit);
        var message = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wbcheck bios: cannot read layout '{path}': ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_points_at_the_format_document()
    {
        var command = BiosCommand.Create();

        Assert.Contains(BiosCommand.FormatDocument, command.Description);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), BiosCommand.FormatDocument)), "the format document the help names must exist");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
