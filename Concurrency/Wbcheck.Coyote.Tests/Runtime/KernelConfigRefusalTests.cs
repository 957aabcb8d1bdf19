using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Tests.Runtime;

/// <summary>
/// Under Coyote as under our engine, a setting the era's kernel lacked, asked for by a model
/// thread, is the program's misconfiguration: it reaches the caller (the command line exits 2),
/// not a bug report.
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

        var refused = Assert.Throws<KernelConfigException>(() => CoyoteEngine.Run(program, CoyoteSettings.Default with { Iterations = 5 }));

        Assert.Equal(EraSettings.TaggedWritepages, refused.Setting);
    }
}
