using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// main starts one writer a value, each storing its value into x (which starts at
/// <c>initial</c>) at a write point, joins them all, and asserts x is not <c>wrong</c>: the bug
/// is the schedule in which the writer of <c>wrong</c> writes last. The writers' steps touch
/// nothing but x, so only the order of their writes decides, and a reduction that took two of
/// the writes for independent would run one order only.
/// </summary>
internal static class ConcurrentWriters
{
    public static ITestProgram Create<T>(T initial, T wrong, params T[] values) => new TestProgram(
        "concurrent-writers",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var x = new SharedVariable<T>(runtime, "x", initial);
            runtime.Spawn("main", async () =>
            {
                var writers = new List<JoinHandle>();
                for (var i = 0; i < values.Length; i++)
                {
                    var value = values[i];
                    writers.Add(runtime.SpawnJoinable($"w{i}", async () => await x.WriteAsync(value)));
                }

                foreach (var writer in writers)
                {
                    await writer.JoinAsync();
                }

                Bug.On(Describe(x.Value) == Describe(wrong), "last_writer", $"x = {Describe(x.Value)}");
            });
            setup.DescribeState(() => [$"x = {Describe(x.Value)}"]);
        },
        parameters: new Dictionary<string, string>
        {
            ["initial"] = Describe(initial),
            ["values"] = string.Join(",", values.Select(Describe)),
        });

    // .NET's shortest round-trip text: -0.0 reads "-0", apart from 0.0's "0".
    private static string Describe<T>(T value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
}
