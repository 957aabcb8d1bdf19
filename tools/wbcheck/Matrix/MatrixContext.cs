using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// What every cell of one matrix run shares: the scenarios' budgets (and seeds), the seed of the
/// properties' cases, the progress counters, and the environment commands are shown for.
/// </summary>
internal sealed record MatrixContext(CellBudget Budget, RunProgress Progress, CliEnvironment Environment)
{
    public ulong PropertySeed { get; init; } = EraProperty.DefaultSeed;
}
