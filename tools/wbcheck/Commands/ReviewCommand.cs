using System.CommandLine;
using Spectre.Console;
using Wbcheck.Snapshots;
using Wbcheck.Snapshots.Review;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck review</c>: list the received snapshot files under a directory, show each diff, and
/// accept (move over the verified file) or reject (delete) one or all, interactively or with
/// flags for scripts. On a build server accepting is refused.
/// </summary>
internal static class ReviewCommand
{
    /// <summary>Nothing is pending, or everything asked for was done.</summary>
    internal const int Done = 0;

    /// <summary>Snapshots are still pending (listed without a terminal to ask, or skipped).</summary>
    internal const int StillPending = 1;

    /// <summary>The request could not be carried out (refused under CI, unknown file, conflicting flags).</summary>
    internal const int Failed = 2;

    /// <summary>Wide enough that Spectre never wraps a diff line: a wrapped line reads as two.</summary>
    private const int OutputWidth = 10_000;

    // The invocation's writers (the console, or a test's), so that every error is the command's one line.
    internal static Command Create() => Create(
        SnapshotEnvironment.FromProcess(),
        Console.In,
        null,
        null,
        interactive: () => !Console.IsInputRedirected && !Console.IsOutputRedirected);

    /// <summary>The command with its environment and streams injected, for tests.</summary>
    internal static Command Create(SnapshotEnvironment environment, TextReader input, TextWriter? outputWriter, TextWriter? errorWriter, Func<bool> interactive)
    {
        var root = new Option<DirectoryInfo>("--root")
        {
            Description = "Directory to search for *.received.* files (bin, obj and hidden directories are skipped)",
            HelpName = "DIR",
            DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
        };
        var acceptAll = new Option<bool>("--accept-all") { Description = "Accept every pending snapshot" };
        var rejectAll = new Option<bool>("--reject-all") { Description = "Reject every pending snapshot" };
        var accept = new Option<string?>("--accept") { Description = "Accept one snapshot, named by its received or verified file", HelpName = "FILE" };
        var reject = new Option<string?>("--reject") { Description = "Reject one snapshot, named by its received or verified file", HelpName = "FILE" };
        var list = new Option<bool>("--list") { Description = "List pending snapshots and exit" };

        var command = new Command("review", "Review pending snapshots: show each diff, accept or reject");
        command.Options.Add(root);
        command.Options.Add(acceptAll);
        command.Options.Add(rejectAll);
        command.Options.Add(accept);
        command.Options.Add(reject);
        command.Options.Add(list);
        command.SetAction(parseResult =>
        {
            var output = outputWriter ?? parseResult.InvocationConfiguration.Output;
            var error = errorWriter ?? parseResult.InvocationConfiguration.Error;
            var directory = parseResult.GetValue(root)!.FullName;
            var acceptOne = parseResult.GetValue(accept);
            var rejectOne = parseResult.GetValue(reject);
            var chosen = new[] { parseResult.GetValue(acceptAll), parseResult.GetValue(rejectAll), acceptOne is not null, rejectOne is not null, parseResult.GetValue(list) }
                .Count(flag => flag);
            if (chosen > 1)
            {
                error.WriteLine("wbcheck review: choose one of --accept-all, --reject-all, --accept, --reject and --list");
                return Failed;
            }

            var isInteractive = interactive();
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = isInteractive ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = isInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = OutputWidth;
            var review = new SnapshotReview(environment);
            try
            {
                if (parseResult.GetValue(acceptAll))
                {
                    return Report(console, directory, "accepted", review.AcceptAll(directory));
                }

                if (parseResult.GetValue(rejectAll))
                {
                    return Report(console, directory, "rejected", SnapshotReview.RejectAll(directory));
                }

                if (acceptOne is not null)
                {
                    var pending = SnapshotReview.Find(directory, acceptOne);
                    review.Accept(pending);
                    return Report(console, directory, "accepted", [pending]);
                }

                if (rejectOne is not null)
                {
                    var pending = SnapshotReview.Find(directory, rejectOne);
                    SnapshotReview.Reject(pending);
                    return Report(console, directory, "rejected", [pending]);
                }

                var all = SnapshotReview.FindPending(directory);
                if (all.Count == 0)
                {
                    console.WriteLine($"No pending snapshots under {directory}.");
                    return Done;
                }

                if (parseResult.GetValue(list))
                {
                    List(console, directory, all);
                    return Done;
                }

                if (!isInteractive)
                {
                    List(console, directory, all);
                    console.WriteLine("Not a terminal, so nothing was asked: use --accept-all, --reject-all, --accept FILE or --reject FILE.");
                    return StillPending;
                }

                return Interactive(console, input, error, review, directory, all);
            }
            catch (SnapshotReviewException exception)
            {
                error.WriteLine($"wbcheck review: {exception.Message.ReplaceLineEndings(" ")}");
                return Failed;
            }
        });
        return command;
    }

    private static int Report(IAnsiConsole console, string root, string verb, IReadOnlyList<PendingSnapshot> done)
    {
        if (done.Count == 0)
        {
            console.WriteLine($"No pending snapshots under {root}.");
        }

        foreach (var pending in done)
        {
            console.WriteLine($"{verb} {Relative(root, pending.ReceivedPath)}");
        }

        return Done;
    }

    private static void List(IAnsiConsole console, string root, IReadOnlyList<PendingSnapshot> pending)
    {
        console.WriteLine($"{pending.Count} pending snapshot{(pending.Count == 1 ? "" : "s")} under {root}:");
        foreach (var snapshot in pending)
        {
            console.WriteLine($"  {(snapshot.IsNew ? "new    " : "changed")}  {Relative(root, snapshot.ReceivedPath)}");
        }
    }

    /// <summary>Show each diff and ask; whatever is skipped, or left when input ends, stays pending.</summary>
    private static int Interactive(IAnsiConsole console, TextReader input, TextWriter error, SnapshotReview review, string root, IReadOnlyList<PendingSnapshot> all)
    {
        var (accepted, rejected) = (0, 0);
        for (var index = 0; index < all.Count; index++)
        {
            var pending = all[index];
            console.MarkupLine($"[bold][[{index + 1}/{all.Count}]] {Markup.Escape(pending.Name)}[/] ({(pending.IsNew ? "new" : "changed")}) {Markup.Escape(Relative(root, pending.ReceivedPath))}");
            WriteDiff(console, pending.Diff());
            var answer = Ask(console, input, error, review, pending);
            if (answer == 'q' || answer is null)
            {
                break;
            }

            accepted += answer == 'a' ? 1 : 0;
            rejected += answer == 'r' ? 1 : 0;
        }

        var left = SnapshotReview.FindPending(root).Count;
        console.WriteLine($"Accepted {accepted}, rejected {rejected}, {left} still pending.");
        return left == 0 ? Done : StillPending;
    }

    /// <summary>Ask until the answer is usable: a (accepted), r (rejected), s (skipped), q (quit), or null at end of input.</summary>
    private static char? Ask(IAnsiConsole console, TextReader input, TextWriter error, SnapshotReview review, PendingSnapshot pending)
    {
        while (true)
        {
            console.Markup("[bold]Accept, reject, skip or quit?[/] [[a/r/s/q]] ");
            var line = input.ReadLine();
            if (line is null)
            {
                console.WriteLine();
                return null;
            }

            switch (line.Trim().ToLowerInvariant())
            {
                case "a" or "accept":
                    try
                    {
                        review.Accept(pending);
                        return 'a';
                    }
                    catch (SnapshotReviewException exception)
                    {
                        error.WriteLine($"wbcheck review: {exception.Message.ReplaceLineEndings(" ")}");
                        continue;
                    }

                case "r" or "reject":
                    SnapshotReview.Reject(pending);
                    return 'r';
                case "s" or "skip" or "":
                    return 's';
                case "q" or "quit":
                    return 'q';
                default:
                    console.WriteLine("Answer a, r, s or q.");
                    continue;
            }
        }
    }

    private static void WriteDiff(IAnsiConsole console, string diff)
    {
        foreach (var line in diff.TrimEnd('\n').Split('\n'))
        {
            var style = line switch
            {
                _ when line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) => "bold",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "cyan",
                _ when line.StartsWith('+') => "green",
                _ when line.StartsWith('-') => "red",
                _ => null,
            };
            console.MarkupLine(style is null ? Markup.Escape(line) : $"[{style}]{Markup.Escape(line)}[/]");
        }
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
