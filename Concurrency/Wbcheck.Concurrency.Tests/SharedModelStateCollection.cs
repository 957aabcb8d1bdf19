namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// Tests that change, for a moment, objects every kernel shares (KernelConfig.Default, Faults.None,
/// TaskStruct.Ordinary and the like, reached from a kernel by reflection) run alone: a test running
/// beside them would see the changed value, and a replay of its own run would then diverge.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedModelStateCollection
{
    public const string Name = "changes state every kernel shares";
}
