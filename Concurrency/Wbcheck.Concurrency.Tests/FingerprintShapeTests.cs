using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The fingerprint walks each object with the walker of its own type (found by its method table),
/// never with the walker of the type a field declares: the field walkers cast their object without
/// a check, so an object walked as another type would be read wrongly. Objects of two types behind
/// one declared base type, met in turn and many times, each count with their own fields.
/// </summary>
public sealed class FingerprintShapeTests
{
    private static readonly ControlledRuntime NoThreads = new(new Workspace(), new RandomStrategy());

    [Fact]
    public void Objects_behind_a_base_type_are_walked_as_their_own_type()
    {
        var fingerprint = new StateFingerprint();
        Holder Mixed(int wide, long tall) => new([new Wide { Shared = 1, Extra = wide }, new Tall { Shared = 1, Other = tall }, new Wide { Shared = 1, Extra = wide }]);

        var first = fingerprint.Compute(NoThreads, [Mixed(2, 3)]);
        Assert.Equal(first, fingerprint.Compute(NoThreads, [Mixed(2, 3)]));

        // A field only the derived type has, of either type, is state.
        Assert.NotEqual(first, fingerprint.Compute(NoThreads, [Mixed(4, 3)]));
        Assert.NotEqual(first, fingerprint.Compute(NoThreads, [Mixed(2, 5)]));

        // The same base fields in another derived type: another state.
        var swapped = new Holder([new Tall { Shared = 1, Other = 2 }, new Wide { Shared = 1, Extra = 3 }, new Tall { Shared = 1, Other = 2 }]);
        Assert.NotEqual(first, fingerprint.Compute(NoThreads, [swapped]));
    }

    private sealed class Holder(Base[] items)
    {
        public Base[] Items { get; } = items;
    }

    private abstract class Base
    {
        public int Shared { get; init; }
    }

    private sealed class Wide : Base
    {
        public int Extra { get; init; }
    }

    private sealed class Tall : Base
    {
        public long Other { get; init; }
    }
}
