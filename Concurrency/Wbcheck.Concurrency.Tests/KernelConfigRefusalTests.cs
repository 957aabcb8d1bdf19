using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// A setting the era's kernel lacked, asked for by a model thread while the search runs, is the
/// program's misconfiguration, not a kernel bug: the engine throws it on (the command line then
/// exits 2, as for bad input) instead of reporting an unhandled exception with a trace.
/// </summary>
public sealed class KernelConfigRefusalTests
{
    [Fact]
    public void A_refusal_in_a_model_thread_reaches_the_caller_not_a_bug_report()
    {
        var program = new TestProgram("refused-at-run-time", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("asker", async () =>
            {
                await runtime.Schedule(PointKind.Yield, new StepLabel("before"));
                throw new KernelConfigException(EraSettings.TaggedWritepages, KernelEra.V2_6_20);
            });
        });

        var refused = Assert.Throws<KernelConfigException>(() => TestingEngine.Run(program, TestingConfiguration.Default));

        Assert.Equal(EraSettings.TaggedWritepages, refused.Setting);
        Assert.Equal(KernelEra.V2_6_20, refused.Era);
    }
}
