using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// One thread makes a scenario choice of 3 and an I/O-result choice of 2; the assertion fails only
/// for (2, 1): one of the 6 combinations, the last DFS tries.
/// </summary>
internal sealed class ChoiceBug : ITestProgram
{
    public string Name => "choice-bug";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        runtime.Spawn("chooser", () =>
        {
            var victim = runtime.Choose(ChoiceKind.Scenario, 3);
            var result = runtime.Choose(ChoiceKind.IoResult, 2);
            Bug.On(victim == 2 && result == 1, "end_io", "an I/O error on page 2 was lost");
            return Task.CompletedTask;
        });
    }
}
