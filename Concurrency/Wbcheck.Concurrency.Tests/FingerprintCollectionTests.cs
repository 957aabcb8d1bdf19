using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model.Block;

namespace Wbcheck.Concurrency.Tests;

/// <summary>The fingerprint's collection walkers: by items, with a dictionary's order of insertion not counted.</summary>
public sealed class FingerprintCollectionTests
{
    private static readonly ControlledRuntime NoThreads = new(new Workspace(), new RandomStrategy());

    private static ulong Of(object root) => new StateFingerprint().Compute(NoThreads, [root]);

    [Fact]
    public void A_dictionary_with_plain_keys_does_not_depend_on_the_order_of_insertion()
    {
        var forward = new Dictionary<(int, long), long> { [(1, 2L)] = 3, [(4, 5L)] = 6, [(7, 8L)] = 9 };
        var backward = new Dictionary<(int, long), long> { [(7, 8L)] = 9, [(4, 5L)] = 6, [(1, 2L)] = 3 };
        var changed = new Dictionary<(int, long), long> { [(7, 8L)] = 9, [(4, 5L)] = 6, [(1, 2L)] = 4 };

        Assert.Equal(Of(forward), Of(backward));
        Assert.NotEqual(Of(forward), Of(changed));
    }

    [Fact]
    public void A_dictionary_keyed_by_text_or_by_boxed_numbers_does_not_depend_on_the_order_of_insertion()
    {
        Assert.Equal(Of(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }), Of(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }));
        Assert.NotEqual(Of(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }), Of(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }));
        Assert.Equal(Of(new Dictionary<object, string> { [1] = "x", [2L] = "y" }), Of(new Dictionary<object, string> { [2L] = "y", [1] = "x" }));
    }

    [Fact]
    public void Lists_count_their_order_and_their_objects_shape()
    {
        var shared = new Cell<int>(1);
        var aliased = new List<Cell<int>> { shared, shared };
        var distinct = new List<Cell<int>> { new(1), new(1) };

        Assert.NotEqual(Of(new List<int> { 1, 2 }), Of(new List<int> { 2, 1 }));
        Assert.Equal(Of(new List<string> { "a", "b" }), Of(new List<string> { new('a', 1), "b" }));
        Assert.NotEqual(Of(aliased), Of(distinct));
    }

    [Fact]
    public void Sets_count_their_members_and_their_objects_shape()
    {
        var shared = new Cell<int>(1);
        var first = new Cell<int>(1);

        Assert.NotEqual(Of(new HashSet<long> { 1, 2 }), Of(new HashSet<long> { 1, 3 }));
        Assert.NotEqual(Of(new HashSet<long> { 1, 2 }), Of(new HashSet<long> { 1 }));
        Assert.NotEqual(Of(new HashSet<Cell<int>> { new(1) }), Of(new HashSet<Cell<int>> { new(2) }));
        // The same cell in a set and a list, or two cells alike: told apart by the numbering.
        Assert.NotEqual(
            Of(new List<object> { new HashSet<Cell<int>> { shared }, new List<Cell<int>> { shared } }),
            Of(new List<object> { new HashSet<Cell<int>> { first }, new List<Cell<int>> { new(1) } }));
    }

    [Fact]
    public void Walking_sets_lists_and_dictionaries_allocates_nothing_per_collection()
    {
        // A set walked as IEnumerable<T> boxed a new enumerator at every walk (11 sets a state on
        // cyclic-wrap-deadlock), and a dictionary with plain keys boxed each key to order it. What
        // one walk of a state allocates may not grow with its sets, lists and dictionaries: sets of
        // objects and of numbers, lists of sealed objects, dictionaries keyed by numbers; and lists
        // and dictionaries of structs (tuples), whose items were boxed one by one and their shape
        // looked up at each.
        var few = AllocatedByAWalk(1);
        var many = AllocatedByAWalk(20);

        Assert.True(many == few, $"a walk of 20 sets, lists and dictionaries allocates {many} bytes, of one {few}");
    }

    private static long AllocatedByAWalk(int collections)
    {
        var state = new List<object>();
        for (var i = 0; i < collections; i++)
        {
            state.Add(new HashSet<Cell<int>> { new(i), new(i + 1) });
            state.Add(new HashSet<long> { i, i + 1 });
            state.Add(new List<Cell<long>> { new(i), new(i + 1) });
            state.Add(new Dictionary<long, int> { [i + 1] = 1, [i] = 2 });
            state.Add(new Dictionary<long, Cell<int>> { [i + 1] = new(i), [i] = new(i + 1) });
            state.Add(new Dictionary<(int, long), long> { [(i + 1, 2)] = 1, [(i, 3)] = 2 });
            state.Add(new List<(int, Cell<int>)> { (i, new(i)), (i + 1, new(i + 1)) });
        }

        var fingerprint = new StateFingerprint();
        var warm = fingerprint.Compute(NoThreads, [state]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = fingerprint.Compute(NoThreads, [state]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(warm, again);
        return allocated;
    }

    [Fact]
    public void Struct_items_count_every_field()
    {
        // Walked unboxed (StructItem): each field of a tuple item, plain or a reference, is state.
        (int, long, string, Cell<int>) Item(int a = 1, long b = 2, string c = "c", int d = 4) => (a, b, c, new(d));
        var reference = Of(new List<(int, long, string, Cell<int>)> { Item() });
        Assert.Equal(reference, Of(new List<(int, long, string, Cell<int>)> { Item() }));
        Assert.NotEqual(reference, Of(new List<(int, long, string, Cell<int>)> { Item(a: 9) }));
        Assert.NotEqual(reference, Of(new List<(int, long, string, Cell<int>)> { Item(b: 9) }));
        Assert.NotEqual(reference, Of(new List<(int, long, string, Cell<int>)> { Item(c: "d") }));
        Assert.NotEqual(reference, Of(new List<(int, long, string, Cell<int>)> { Item(d: 9) }));
        var keyed = Of(new Dictionary<(int, long), long> { [(1, 2)] = 3 });
        Assert.NotEqual(keyed, Of(new Dictionary<(int, long), long> { [(1, 4)] = 3 }));
        Assert.NotEqual(keyed, Of(new Dictionary<(int, long), long> { [(1, 2)] = 4 }));
    }

    [Fact]
    public void Arrays_of_numbers_count_every_element()
    {
        // Eight bytes are mixed at a time, the tail byte by byte: a change anywhere must show.
        var bytes = Enumerable.Range(0, 11).Select(i => (byte)i).ToArray();
        var reference = Of(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i]++;
            Assert.NotEqual(reference, Of(changed));
        }
    }

    [Fact]
    public void The_data_version_a_bio_carries_or_the_disk_holds_is_state()
    {
        // Only the pooled frames' reuse counter, also a property named Version, is left out.
        Assert.NotEqual(Of(new DeviceSector(1, 0, 0, Version: 1, ZeroFrom: 0)), Of(new DeviceSector(1, 0, 0, Version: 2, ZeroFrom: 0)));
    }

    [Fact]
    public void A_walk_an_exception_cuts_short_in_a_dictionary_leaves_nothing_in_the_scratch()
    {
        // A dictionary with plain keys is walked through the fingerprint's scratch array of its
        // entries. A struct the walk leaves out by type (a runtime) but holds by value has no
        // walker: the walk of such an item throws, with the entries already in the scratch, which
        // must not keep them (and what they reach) alive once the walk is over.
        var held = new Cell<int>(1);
        var state = new Dictionary<long, RuntimeByValue> { [1] = new(held), [2] = new(held) };
        var fingerprint = new StateFingerprint();

        Assert.ThrowsAny<Exception>(() => fingerprint.Compute(NoThreads, [state]));

        Assert.All(fingerprint.Scratch<KeyValuePair<long, RuntimeByValue>>(2).Take(2), entry => Assert.Null(entry.Value.Held));
    }

    /// <summary>A value-type runtime holding a reference: the fingerprint ignores runtimes by type, and has no walker for one held by value.</summary>
    private readonly struct RuntimeByValue(Cell<int> held) : Model.Runtime.IKernelRuntime
    {
        public Cell<int>? Held { get; } = held;

        public Model.Runtime.ModelThread Current => throw new NotSupportedException();

        public Model.Runtime.Preemption Schedule(Model.Runtime.PointKind kind, Model.Runtime.StepLabel label) => throw new NotSupportedException();

        public Model.Runtime.Preemption Sleep(Model.Runtime.WaitQueue queue, Model.Runtime.StepLabel label) => throw new NotSupportedException();

        public void WakeAll(Model.Runtime.WaitQueue queue) => throw new NotSupportedException();

        public int Choose(Model.Runtime.ChoiceKind kind, int count) => throw new NotSupportedException();

        public Model.Runtime.ModelThread Spawn(string name, Func<Task> body, Model.Runtime.PointKind firstPoint, Model.Runtime.StepLabel? firstLabel) => throw new NotSupportedException();

        public void EnterAtomic(string lockName) => throw new NotSupportedException();

        public void ExitAtomic() => throw new NotSupportedException();

        public void Park(Action continuation) => throw new NotSupportedException();
    }
}
