using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// Publish-before-initialize: "init" publishes an object, yields, then initializes it; "user"
/// throws InvalidOperationException when it finds it published but not initialized.
/// </summary>
internal sealed class HalfInitialized : ITestProgram
{
    private static readonly StepLabel Publish = new("publish");
    private static readonly StepLabel Initialize = new("initialize");
    private static readonly StepLabel Use = new("use");

    public string Name => "half-initialized";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var published = new Cell<bool>(false);
        var initialized = new Cell<bool>(false);
        runtime.Spawn("init", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Publish);
            published.Value = true;
            await runtime.Schedule(PointKind.Yield, Initialize);
            initialized.Value = true;
        });
        runtime.Spawn("user", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Use);
            if (published.Value && !initialized.Value)
            {
                throw new InvalidOperationException("used an object that is published but not initialized");
            }
        });
    }
}
