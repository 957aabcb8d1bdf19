using System.Diagnostics;
using Spectre.Console;

namespace Wbcheck.Cli.Progress;

/// <summary>
/// Shows how a long run goes, on standard error (standard output keeps the results): a live
/// Spectre.Console bar on a terminal, plain periodic lines otherwise (a pipe, a log, a build
/// server). The work runs on its own thread; the display only reads its counters.
/// </summary>
internal sealed class ProgressDisplay(CliEnvironment environment, TextWriter error)
{
    private const int BarSteps = 1000;

    /// <summary>Run <paramref name="work"/>, showing <paramref name="status"/> (read with the time elapsed) until it ends.</summary>
    public T Run<T>(string title, Func<TimeSpan, ProgressStatus> status, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (environment.Interactive)
        {
            Live(title, status, task, clock);
        }
        else
        {
            while (!Ended(task, environment.PlainProgressInterval))
            {
                error.WriteLine(status(clock.Elapsed).Line(title, clock.Elapsed));
                error.Flush();
            }
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>Wait up to <paramref name="time"/> for the work to end, however it ends (its exception is rethrown later, unwrapped).</summary>
    private static bool Ended(Task task, TimeSpan time) => Task.WaitAny([task], time) >= 0;

    private void Live(string title, Func<TimeSpan, ProgressStatus> status, Task task, Stopwatch clock)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        console.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(context =>
            {
                var bar = context.AddTask(Markup.Escape(title), maxValue: BarSteps);
                do
                {
                    var now = status(clock.Elapsed);
                    bar.Description = Markup.Escape(now.Line(title, clock.Elapsed));
                    bar.IsIndeterminate = now.Fraction is null;
                    bar.Value = (now.Fraction ?? 0) * BarSteps;
                }
                while (!Ended(task, environment.LiveProgressInterval));

                if (task.IsCompletedSuccessfully)
                {
                    bar.Value = BarSteps;
                }
            });
    }
}
