using System.CommandLine;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck bios LAYOUT [--read]</c>: run mpage write-back (or readahead) over a described
/// file layout and print every I/O in submission order with why it was submitted then.
/// </summary>
internal static class BiosCommand
{
    internal const string FormatDocument = "Model/Wbcheck.Model/Fs/Mpage/Layout/README.md";

    public static Command Create()
    {
        var layout = new Argument<string>("layout")
        {
            Description = $"A layout file: block size, i_size, extents, holes, boundary blocks, cached and dirty pages, buffers, sync mode (format: {FormatDocument})",
        };
        var read = new Option<bool>("--read")
        {
            Description = "Read the file with readahead (mpage_readpages) instead of writing back its dirty pages (mpage_writepages)",
        };
        var command = new Command(
            "bios",
            "Print the BIO submission order of mpage write-back or readahead over a file layout: disk blocks, sector, size, pages, flags and why each BIO was submitted, then the pages handed to the buffer-head fallback. " +
            $"The layout format is described in {FormatDocument}.")
        {
            layout,
            read,
        };
        command.SetAction(parse => Run(parse.GetValue(layout)!, parse.GetValue(read), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, bool read, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = InputFiles.ReadText(path, InputFiles.MaxLayoutBytes);
        }
        catch (IOException exception)
        {
            error.WriteLine($"wbcheck bios: cannot read layout '{path}': {exception.Message}");
            return ExitCodes.Usage;
        }

        FileLayout layout;
        try
        {
            layout = LayoutParser.Parse(text);
        }
        catch (LayoutFormatException exception)
        {
            var where = exception.Line is { } line ? $"{path}:{line}" : path;
            error.WriteLine($"wbcheck bios: {where}: {exception.Reason} (format: {FormatDocument})");
            return ExitCodes.Usage;
        }

        try
        {
            var run = read ? MpageScenario.Read(layout) : MpageScenario.Write(layout);
            output.Write(MpageReport.Render(run));
            return ExitCodes.Ok;
        }
        catch (UnmodelledPathException exception)
        {
            error.WriteLine($"wbcheck bios: {path}: the layout leads the model where it does not go: {exception.Message}");
            return ExitCodes.Usage;
        }
        catch (KernelBugException exception)
        {
            error.WriteLine($"wbcheck bios: {path}: kernel assertion failed: {exception.Message}");
            return ExitCodes.BugFound;
        }
    }
}
