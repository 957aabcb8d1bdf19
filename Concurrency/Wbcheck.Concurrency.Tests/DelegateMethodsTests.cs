using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The fingerprint names a delegate's method by an identity made of its names (not its handle,
/// an address), found from the delegate's code pointers and its target's type
/// (<see cref="DelegateMethods"/>) rather than by reflection each time: it must be the identity
/// of the method reflection gives, for every kind of delegate, and two delegates of different
/// methods must never share one (their states would be taken as one).
/// </summary>
public sealed class DelegateMethodsTests
{
    [Fact]
    public void The_identity_is_that_of_reflections_method_for_every_kind_of_delegate()
    {
        var methods = new DelegateMethods();
        var holder = new Holder(3);
        var captured = 5;
        Delegate[] delegates =
        [
            new Action(holder.First),
            new Action(holder.Second),
            new Func<int>(holder.Generic<int>),
            new Func<int>(holder.Generic<long>),
            new Func<int>(holder.Generic<string>),
            new Func<int>(holder.Generic<object>),
            new Func<int>(() => captured + 1),
            new Func<int>(() => captured + 2),
            new Func<int>(static () => 1),
            new Func<int>(static () => 2),
            new Func<int>(Holder.Static),
            new Func<int>(Holder.StaticGeneric<string>),
            new Func<int>(Holder.StaticGeneric<Holder>),
            new Func<Holder, int>(Holder.Open),
            new Action<object?>(holder.WithState),
        ];

        foreach (var del in delegates)
        {
            // Twice: the second answer comes from the cache.
            Assert.Equal(new DelegateMethods().IdentityOf(del.Method), methods.IdentityOf(del));
            Assert.Equal(new DelegateMethods().IdentityOf(del.Method), methods.IdentityOf(del));
        }

        // Fresh delegates of the same methods (as each iteration makes) get the same handles.
        Assert.Equal(methods.IdentityOf(new Action(holder.Second)), methods.IdentityOf(new Action(new Holder(4).Second)));
        Assert.Equal(delegates.Length, delegates.Select(methods.IdentityOf).Distinct().Count());
    }

    private sealed class Holder(int value)
    {
        public static int Static() => 7;

        public static int StaticGeneric<T>() => typeof(T).Name.Length;

        public static int Open(Holder holder) => holder.Value;

        public int Value { get; } = value;

        public void First() => _ = Value + 1;

        public void Second() => _ = Value + 2;

        public int Generic<T>() => Value + typeof(T).Name.Length;

        public void WithState(object? state) => _ = state ?? Value;
    }
}
