using Wbcheck.Cli.Progress;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Cli.Tests.Progress;

/// <summary>
/// Progress goes to standard error as plain periodic lines when nobody watches a terminal (a pipe,
/// a build server); the work's result and its exceptions come back unchanged.
/// </summary>
public sealed class ProgressDisplayTests
{
    private static readonly CliEnvironment Plain = new(Interactive: false, "wbcheck", Path.GetTempPath())
    {
        PlainProgressInterval = TimeSpan.FromMilliseconds(1),
    };

    [Fact]
    public void Without_a_terminal_it_prints_plain_lines_while_the_work_runs()
    {
        using var error = new SignallingWriter();
        var display = new ProgressDisplay(Plain, error);

        // The work ends only once a line has been printed: no race with the clock.
        var result = display.Run("test demo", _ => new ProgressStatus("7 of 10 iterations", 0.7, TimeSpan.FromSeconds(3)), () =>
        {
            Assert.True(error.FirstLine.Wait(TimeSpan.FromMinutes(1)), "no progress line was printed");
            return 42;
        });

        Assert.Equal(42, result);
        var line = error.ToString().Split('\n')[0];
        Assert.Matches(@"^\[\d+\.\d s\] test demo: 7 of 10 iterations, about 3\.0 s left$", line);
    }

    [Fact]
    public void An_exception_of_the_work_comes_back_as_itself()
    {
        using var error = new StringWriter();
        var display = new ProgressDisplay(Plain with { PlainProgressInterval = TimeSpan.FromHours(1) }, error);

        var thrown = Assert.Throws<InvalidOperationException>(() => display.Run<int>("x", _ => new ProgressStatus("", null, null), () => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", thrown.Message);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void A_run_reports_iterations_schedules_per_second_bugs_and_time_left()
    {
        var progress = new RunProgress();
        var program = new TestProgram("counting", setup => setup.Runtime.Spawn("t", async () => await setup.Runtime.Schedule(PointKind.Yield, new StepLabel("step"))));
        TestingEngine.Run(program, TestingConfiguration.Default with { Iterations = 40 }, progress);

        var status = ProgressStatus.ForRun(progress, total: 100, elapsed: TimeSpan.FromSeconds(2), budget: null);

        Assert.Equal("40 of 100 iterations, 20 schedules/s, 0 bugs", status.Text);
        Assert.Equal(0.4, status.Fraction);
        Assert.Equal(TimeSpan.FromSeconds(3), status.Left);
        Assert.Equal(TimeSpan.FromSeconds(1), ProgressStatus.ForRun(progress, 100, TimeSpan.FromSeconds(2), budget: TimeSpan.FromSeconds(3)).Left);
        Assert.Null(ProgressStatus.ForRun(progress, null, TimeSpan.FromSeconds(2), null).Left);
    }

    [Theory]
    [InlineData(2.5, "2.5 s")]
    [InlineData(42, "42 s")]
    [InlineData(130, "2 min 10 s")]
    [InlineData(7300, "2 h 1 min")]
    public void Durations_read_naturally(double seconds, string text) => Assert.Equal(text, ProgressStatus.Duration(TimeSpan.FromSeconds(seconds)));

    /// <summary>A writer that signals its first line, for a test to wait on instead of the clock.</summary>
    private sealed class SignallingWriter : StringWriter
    {
        public ManualResetEventSlim FirstLine { get; } = new();

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            FirstLine.Set();
        }

        protected override void Dispose(bool disposing)
        {
            FirstLine.Dispose();
            base.Dispose(disposing);
        }
    }
}
