using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// The exact relative form of the floating proportions (lib/proportions.c, the 2.6.29 and 2.6.36
/// eras' vm_completions and vm_dirties) for <see cref="RelativeFingerprint"/>: their global event
/// counts t only grow, so taken as they are no state ever comes back. Every use the kernel makes of
/// t and of a local's (x, period) is one of:
/// <list type="bullet">
/// <item>t &amp; (period/2 - 1), the denominator of prop_fraction (and where t next crosses a
/// period's end: the within-period count says how many events are left);</item>
/// <item>t &amp; ~(period/2 - 1), compared with a local's period for equality and subtracted
/// from it in prop_norm, which halves x once for each whole period missed (x is 0 after 64);</item>
/// <item>x after prop_norm, read by prop_fraction and incremented by __prop_inc.</item>
/// </list>
/// So a descriptor is hashed as (shift, t mod period/2) and a local as the x prop_norm would leave
/// it now (<see cref="PropLocal.EventsAfterNormPeek"/>): later uses see that value halved once for
/// each further period (x &gt;&gt; (d + k) = (x &gt;&gt; d) &gt;&gt; k), whatever the absolute
/// periods were. Two states equal in this form are indistinguishable by every later step (every
/// fraction read, every increment, every period crossed gives equal forms again): the form is a
/// bisimulation, not an approximation (ProportionsFormTests checks it, and that dropping the
/// within-period count is not one). The local's own shift is dropped: the model sets the global
/// shift once, and prop_adjust_shift's move of a local's period is then the identity or moves a
/// period of 0. A local that prop_norm has not caught up yet and one it has differ only in the
/// accesses the next step reports, not in any value.
/// <para>
/// The form needs to know which descriptor each local counts on. It is applied only when the
/// state holds one kernel and every local met is one it pairs (its disk's completions on
/// vm_completions, a task's dirties on vm_dirties); otherwise every count is hashed as it is.
/// </para>
/// </summary>
internal sealed class ProportionsForm
{
    private readonly Dictionary<PropLocal, PropDescriptor> pairs = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> locals = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> descriptors = new(ReferenceEqualityComparer.Instance);
    private Kernel? kernel;
    private bool several;

    /// <summary>Whether the last state met is hashed in the relative form (else as it is).</summary>
    public bool Relative { get; private set; }

    /// <summary>
    /// Leave every count out (the program said when they decide nothing, and the cycle check
    /// holds it to that: <see cref="LassoShape.ProportionsDecide"/>), not only what the form folds.
    /// </summary>
    public bool Dropped { get; set; }

    /// <summary>Forget the last state (the start of a fingerprint's first pass).</summary>
    public void Reset()
    {
        pairs.Clear();
        locals.Clear();
        descriptors.Clear();
        kernel = null;
        several = false;
        Relative = false;
    }

    /// <summary>Note <paramref name="value"/>, met by the first pass.</summary>
    public void Meet(object value)
    {
        switch (value)
        {
            case Kernel met:
                several |= kernel is not null && !ReferenceEquals(kernel, met);
                kernel = met;
                pairs[met.Throttle.BdiCompletions] = met.Throttle.VmCompletions;
                break;
            case TaskDirtied task when kernel is not null:
                pairs[task.Dirties] = kernel.Throttle.VmDirties;
                break;
            case TaskDirtied task:
                // Met before the kernel: paired once the kernel is known.
                locals.Add(task);
                break;
            case PropLocal local:
                locals.Add(local);
                break;
            case PropDescriptor descriptor:
                descriptors.Add(descriptor);
                break;
        }
    }

    /// <summary>Decide, at the end of the first pass, whether every count met can be taken relatively.</summary>
    public void Decide()
    {
        if (kernel is null || several)
        {
            Relative = false;
            return;
        }

        foreach (var task in locals.OfType<TaskDirtied>())
        {
            pairs[task.Dirties] = kernel.Throttle.VmDirties;
        }

        Relative = locals.OfType<PropLocal>().All(pairs.ContainsKey)
            && descriptors.All(d => ReferenceEquals(d, kernel.Throttle.VmCompletions) || ReferenceEquals(d, kernel.Throttle.VmDirties));
    }

    /// <summary>
    /// What to hash for <paramref name="owner"/>'s proportion field <paramref name="field"/>: the
    /// within-period count for a descriptor's t, the caught-up x for a local's count; null when
    /// the form does not apply (hash it as it is).
    /// </summary>
    public ulong? Of(object owner, string field) => !Relative ? null : owner switch
    {
        PropDescriptor descriptor => DescriptorForm(descriptor),
        PropLocal local when field == EventsField => LocalForm(local, pairs[local], kernel!.Faults),
        _ => null,
    };

    /// <summary>A descriptor's t in the form: within its period (its shift is hashed as it is).</summary>
    public static ulong DescriptorForm(PropDescriptor descriptor) => descriptor.EventsInPeriodPeek;

    /// <summary>A local in the form: its count as prop_norm would leave it now on <paramref name="descriptor"/>, under <paramref name="faults"/>.</summary>
    public static ulong LocalForm(PropLocal local, PropDescriptor descriptor, Faults faults) => local.EventsAfterNormPeek(descriptor, faults);

    /// <summary>
    /// A local's period and shift: folded into its caught-up count, not hashed, when the form
    /// applies; every proportion field (a descriptor's t, a local's count, period and shift; a
    /// descriptor's shift is no such field and stays) when the counts are dropped.
    /// </summary>
    public bool Folds(object owner, string field) =>
        Dropped ? owner is PropLocal or PropDescriptor : Relative && owner is PropLocal && field != EventsField;

    /// <summary>The field of a local (and of a descriptor) that holds its event count.</summary>
    public const string EventsField = "eventsField";
}
