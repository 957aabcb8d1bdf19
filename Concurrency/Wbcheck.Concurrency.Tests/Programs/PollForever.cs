using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A lost wake-up with polling: "poller" polls a flag with yields; "setter" sets it only if the
/// poller has started. When the setter runs first, the poller polls forever: a terminating program
/// that does not terminate.
/// </summary>
internal sealed class PollForever : ITestProgram
{
    private static readonly StepLabel Poll = new("poll");
    private static readonly StepLabel Check = new("check");

    public string Name => "poll-forever";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var started = new Cell<bool>(false);
        var flag = new Cell<bool>(false);
        runtime.Spawn("setter", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Check);
            if (started.Value)
            {
                flag.Value = true;
            }
        });
        runtime.Spawn("poller", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Poll);
            started.Value = true;
            while (!flag.Value)
            {
                await runtime.Schedule(PointKind.Yield, Poll);
            }
        });
    }
}
