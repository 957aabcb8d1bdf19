using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Lassos;

/// <summary>
/// The relative fingerprint hashes the floating proportions (lib/proportions.c) in a form that
/// drops their absolute counts (<see cref="ProportionsForm"/>): t within its period, and each
/// local as prop_norm would leave it. That is sound only if the form is a bisimulation: two
/// states with the same form must answer every later operation (a fraction read, an event
/// counted) alike, and come to the same form again. <see cref="Check"/> looks for a pair that
/// does not: it builds many states of one descriptor and three locals by random operations,
/// groups them by a form, and runs the same random operations on every pair of a group. The
/// form the fingerprint uses passes on pairs whose absolute counts differ by whole periods; a
/// form that drops the within-period count (the unsound abstraction rejected last session: the
/// disk's share changes within a period), or that hashes a local's count without catching it up,
/// is caught with a pair and the operation that tells them apart.
/// </summary>
public sealed class ProportionsFormTests(ITestOutputHelper output)
{
    private const int Locals = 3;

    /// <summary>The fingerprint's form: shift, t mod period/2, each local as prop_norm would leave it.</summary>
    private static readonly Form Exact = (pd, locals, faults) =>
        [(ulong)pd.ShiftPeek, ProportionsForm.DescriptorForm(pd), .. locals.Select(l => ProportionsForm.LocalForm(l, pd, faults))];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_fingerprint_s_form_of_the_proportions_is_a_bisimulation(int shift)
    {
        var (counterexample, pairs, shifted) = Check(Exact, shift, Faults.None);

        output.WriteLine($"{pairs} pairs checked, {shifted} of them with absolute counts a whole number of periods apart");
        Assert.Null(counterexample);
        Assert.True(shifted >= 30, $"only {shifted} pairs differed in their absolute counts: the check would prove little");
    }

    /// <summary>
    /// Under the fault the locals' counts add up to t, so equal forms have equal t: the pairs
    /// differ in the locals' periods alone, which the form folds away.
    /// </summary>
    [Fact]
    public void The_form_stays_a_bisimulation_when_locals_never_decay()
    {
        var faults = Faults.None with { PropLocalNeverDecays = true };

        var (counterexample, pairs, _) = Check(Exact, 2, faults);

        Assert.Null(counterexample);
        Assert.True(pairs >= 30, $"{pairs} pairs");
    }

    [Fact]
    public void Dropping_the_count_within_the_period_is_caught()
    {
        Form withoutWithinPeriod = (pd, locals, faults) =>
            [(ulong)pd.ShiftPeek, .. locals.Select(l => ProportionsForm.LocalForm(l, pd, faults))];

        var (counterexample, _, _) = Check(withoutWithinPeriod, 3, Faults.None);

        // Told apart by what the kernel reads, not only by the form: a fraction's denominator.
        output.WriteLine(counterexample);
        Assert.Contains("reads", counterexample, StringComparison.Ordinal);
    }

    [Fact]
    public void Hashing_a_local_s_count_without_catching_it_up_is_caught()
    {
        Form uncaught = (pd, locals, faults) =>
            [(ulong)pd.ShiftPeek, ProportionsForm.DescriptorForm(pd), .. locals.Select(l => ProportionsForm.LocalForm(l, pd, faults with { PropLocalNeverDecays = true }))];

        var (counterexample, _, _) = Check(uncaught, 2, Faults.None);

        output.WriteLine(counterexample);
        Assert.Contains("reads", counterexample, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_blind_to_the_never_decaying_fault_is_caught_under_it()
    {
        var (counterexample, _, _) = Check((pd, locals, _) => Exact(pd, locals, Faults.None), 2, Faults.None with { PropLocalNeverDecays = true });

        output.WriteLine(counterexample);
        Assert.NotNull(counterexample);
    }

    /// <summary>
    /// The relative fingerprint uses the form: two 2.6.29 kernels whose disk has counted different
    /// numbers of completions, 9 and 73, a whole number of periods apart with the same caught-up
    /// count (4: the count at a period's start settles at period/2 - 1 = 3), hash alike; 10
    /// completions (one more within the period) do not. A local the form cannot pair with its descriptor (here one rooted beside the kernel)
    /// makes it hash every count as it is, and the two differ again.
    /// </summary>
    [Fact]
    public void The_relative_fingerprint_takes_a_kernel_s_proportions_in_the_form_and_as_they_are_when_a_local_is_unpaired()
    {
        var runtime = new ControlledRuntime(new Workspace(), new RandomStrategy());
        var (a, b) = (Booted(completions: 9), Booted(completions: 9 + 64));
        Assert.NotEqual(a.Throttle.VmCompletions.EventsPeek(), b.Throttle.VmCompletions.EventsPeek());
        Assert.Equal(
            ProportionsForm.LocalForm(a.Throttle.BdiCompletions, a.Throttle.VmCompletions, Faults.None),
            ProportionsForm.LocalForm(b.Throttle.BdiCompletions, b.Throttle.VmCompletions, Faults.None));

        Assert.Equal(new RelativeFingerprint().Compute(runtime, [a]), new RelativeFingerprint().Compute(runtime, [b]));
        Assert.NotEqual(new RelativeFingerprint().Compute(runtime, [a, new PropLocal()]), new RelativeFingerprint().Compute(runtime, [b, new PropLocal()]));
        Assert.NotEqual(new RelativeFingerprint().Compute(runtime, [a]), new RelativeFingerprint().Compute(runtime, [Booted(completions: 10)]));
    }

    /// <summary>A 2.6.29 kernel whose proportions have a period of 4 events (shift 3) and whose disk completed <paramref name="completions"/> pages.</summary>
    private static Kernel Booted(int completions)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_6_29 });
        kernel.Throttle.VmCompletions.PropDescriptorInit(3);
        kernel.Throttle.VmDirties.PropDescriptorInit(3);
        for (var i = 0; i < completions; i++)
        {
            kernel.Throttle.BdiCompletions.PropInc(kernel.Throttle.VmCompletions, Faults.None);
        }

        return kernel;
    }

    private delegate ulong[] Form(PropDescriptor pd, PropLocal[] locals, Faults faults);

    /// <summary>An operation: count an event of local <c>Local</c>, or read its fraction.</summary>
    private readonly record struct Op(bool Inc, int Local)
    {
        public override string ToString() => Inc ? $"inc({Local})" : $"fraction({Local})";
    }

    /// <summary>
    /// A pair of states equal in <paramref name="form"/> and an operation sequence after which they
    /// answer differently (preferred) or differ in the form, described; null if none is found. Also the pairs
    /// checked, and how many of them had different absolute global counts.
    /// </summary>
    private static (string? Counterexample, int Pairs, int Shifted) Check(Form form, int shift, Faults faults)
    {
        var random = new Random(19);
        var groups = new Dictionary<string, List<Op[]>>();
        for (var i = 0; i < 600; i++)
        {
            var history = RandomOps(random, random.Next(0, 48));
            var (pd, locals, _) = Build(shift, faults, history);
            var key = string.Join(",", form(pd, locals, faults));
            (groups.TryGetValue(key, out var list) ? list : groups[key] = []).Add(history);
        }

        var pairs = 0;
        var shifted = 0;
        string? formOnly = null;
        foreach (var group in groups.Values.Where(g => g.Count > 1))
        {
            for (var j = 1; j < Math.Min(group.Count, 6); j++)
            {
                var (a, b) = (group[0], group[j]);
                pairs++;
                shifted += Build(shift, faults, a).Pd.EventsPeek() != Build(shift, faults, b).Pd.EventsPeek() ? 1 : 0;
                for (var trial = 0; trial < 8; trial++)
                {
                    var future = RandomOps(random, random.Next(1, 40));
                    if (Diverges(form, shift, faults, a, b, future) is { } why)
                    {
                        var found = $"states after [{string.Join(" ", a)}] and [{string.Join(" ", b)}] have one form, but after [{string.Join(" ", future)}]: {why}";
                        if (why.Contains(" reads ", StringComparison.Ordinal))
                        {
                            return (found, pairs, shifted);
                        }

                        // Keep looking for a pair the kernel's reads tell apart; else report this one.
                        formOnly ??= found;
                    }
                }
            }
        }

        return (formOnly, pairs, shifted);
    }

    /// <summary>Where the two states first answer an operation differently, else where their forms first differ, else null.</summary>
    private static string? Diverges(Form form, int shift, Faults faults, Op[] a, Op[] b, Op[] future)
    {
        var (pdA, localsA, _) = Build(shift, faults, a);
        var (pdB, localsB, _) = Build(shift, faults, b);
        string? formsDiffer = null;
        for (var i = 0; i < future.Length; i++)
        {
            var seenA = Apply(pdA, localsA, faults, future[i]);
            var seenB = Apply(pdB, localsB, faults, future[i]);
            if (seenA != seenB)
            {
                return $"{future[i]} (step {i + 1}) reads {seenA} in one and {seenB} in the other";
            }

            if (formsDiffer is null && !form(pdA, localsA, faults).SequenceEqual(form(pdB, localsB, faults)))
            {
                formsDiffer = $"the forms differ after step {i + 1}";
            }
        }

        return formsDiffer;
    }

    private static (PropDescriptor Pd, PropLocal[] Locals, Op[] History) Build(int shift, Faults faults, Op[] history)
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(shift);
        var locals = Enumerable.Range(0, Locals).Select(_ => new PropLocal()).ToArray();
        foreach (var op in history)
        {
            Apply(pd, locals, faults, op);
        }

        return (pd, locals, history);
    }

    private static (ulong, ulong) Apply(PropDescriptor pd, PropLocal[] locals, Faults faults, Op op)
    {
        if (op.Inc)
        {
            locals[op.Local].PropInc(pd, faults);
            return (0, 0);
        }

        return locals[op.Local].PropFraction(pd, faults);
    }

    /// <summary>Mostly events of local 0 (a disk's completions dominate), some of the others, some reads.</summary>
    private static Op[] RandomOps(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(10) switch
        {
            < 5 => new Op(true, 0),
            < 7 => new Op(true, random.Next(1, Locals)),
            _ => new Op(false, random.Next(Locals)),
        })];
}

/// <summary>The absolute count, for the test's report of how far apart its pairs are.</summary>
internal static class PropDescriptorAbsolute
{
    public static ulong EventsPeek(this PropDescriptor pd) => pd.Events;
}
