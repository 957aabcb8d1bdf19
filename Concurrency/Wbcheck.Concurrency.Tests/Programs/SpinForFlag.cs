using System.Globalization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A spinner yields until a flag is set; a liveness monitor is hot until it returns. With
/// <paramref name="lostWakeup"/> the setter sets the flag only if the spinner has already started,
/// so when the setter runs first the spinner spins forever: a livelock whose state repeats at every
/// spin. Without it the setter sets the flag after <paramref name="setterYields"/> yields, so the
/// spinner's cycles while the setter waits its turn are unfair, not a livelock.
/// </summary>
internal sealed class SpinForFlag(bool lostWakeup, int setterYields) : ITestProgram
{
    private static readonly StepLabel Spin = new("spin");
    private static readonly StepLabel Set = new("set");

    public string Name => "spin-for-flag";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["lost-wakeup"] = lostWakeup ? "yes" : "no",
        ["setter-yields"] = setterYields.ToString(CultureInfo.InvariantCulture),
    };

    public bool Terminates => false;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var started = new Cell<bool>(false);
        var flag = new Cell<bool>(false);
        var returned = new Cell<bool>(false);
        runtime.Spawn("setter", async () =>
        {
            for (var i = 0; i < setterYields; i++)
            {
                await runtime.Schedule(PointKind.Yield, Set);
            }

            if (started.Value || !lostWakeup)
            {
                flag.Value = true;
            }
        });
        runtime.Spawn("spinner", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Spin);
            started.Value = true;
            while (!flag.Value)
            {
                await runtime.Schedule(PointKind.Yield, Spin);
            }

            returned.Value = true;
        });
        setup.AddLivenessMonitor("spinner returns", () => !returned.Value);
    }
}
