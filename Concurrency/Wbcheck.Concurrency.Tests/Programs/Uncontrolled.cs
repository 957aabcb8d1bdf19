using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A thread that escapes the runtime after one yield: it awaits Task.Delay or Task.Yield, awaits
/// with ConfigureAwait(false), or calls the runtime from a thread-pool thread.
/// </summary>
internal sealed class Uncontrolled(string how) : ITestProgram
{
    private static readonly StepLabel Before = new("before_escape");
    private static readonly StepLabel After = new("after_escape");

    public string Name => "uncontrolled";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string> { ["how"] = how };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var queue = new WaitQueue("queue");
        runtime.Spawn("bystander", async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await runtime.Schedule(PointKind.Yield, Before);
            }
        });
        runtime.Spawn("escaper", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Before);
            switch (how)
            {
                case "delay":
                    await Task.Delay(1);
                    break;
                case "yield":
                    await Task.Yield();
                    break;
                case "configure-await":
                    await Task.Delay(1).ConfigureAwait(false);
                    break;
                case "post-then-delay":
                    // Another thread posts before this step is checked, as a Delay's timer can
                    // under load; the escape that follows is what every replay must report.
                    var context = SynchronizationContext.Current!;
                    var poster = new Thread(() => context.Post(_ => { }, null));
                    poster.Start();
                    poster.Join();
                    await Task.Delay(1);
                    break;
                case "foreign-call":
                    // Blocks the step until the pool thread has called the runtime.
                    Task.Run(() => runtime.WakeAll(queue)).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
                    break;
                default:
                    throw new ArgumentException($"unknown escape {how}");
            }

            await runtime.Schedule(PointKind.Yield, After);
        });
    }
}
