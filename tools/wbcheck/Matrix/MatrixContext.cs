using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;

namespace Wbcheck.Cli.Matrix;

/// <summary>What every cell of one matrix run shares: the budgets (and seeds) and the progress counters.</summary>
internal sealed record MatrixContext(CellBudget Budget, RunProgress Progress);
