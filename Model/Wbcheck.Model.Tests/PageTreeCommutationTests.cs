using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The page tree's finer footprints (docs/search.md, "Bigger proofs"): each mark of a slot is an
/// object of its own, the tree's count and its size are two, and a mark set that was set (or
/// cleared that was clear) is a read. Each pair below was dependent under the coarser footprints
/// (one object for a slot's marks, one for the whole tree, every mark change a write) and is now
/// independent: the test shows that it really commutes, with the same results and the same tree
/// in both orders, and that its footprints no longer conflict.
/// </summary>
public sealed class PageTreeCommutationTests
{
    public static TheoryData<string> Pairs() => ["mark vs lookup by another mark", "erase vs lookup past it", "clear of a clear mark vs lookup by it"];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_pair_the_finer_footprints_call_independent_commutes(string pair)
    {
        var (first, second) = Steps(pair);

        var (inOrder, inOrderResults, inOrderAccesses) = Run(first, second);
        var (swapped, swappedResults, swappedAccesses) = Run(second, first);

        Assert.Equal(inOrder, swapped);
        Assert.Equal(inOrderResults, new[] { swappedResults[1], swappedResults[0] });
        Assert.False(Conflict(inOrderAccesses[0], inOrderAccesses[1]), $"{pair}: the footprints conflict");
        Assert.False(Conflict(swappedAccesses[0], swappedAccesses[1]), $"{pair}: the footprints conflict in the other order");
    }

    [Fact]
    public void A_mark_set_that_changes_the_mark_still_conflicts_with_a_lookup_by_it()
    {
        // The value-aware read is only for a change of nothing: the same set on a clear mark is a
        // write, and the lookup's answer depends on the order.
        var (first, second) = (Step.Mark(1, XaMark.Towrite, set: true), Step.Lookup(0, 7, XaMark.Towrite));

        var (_, inOrderResults, accesses) = Run(first, second);
        var (_, swappedResults, _) = Run(second, first);

        Assert.True(Conflict(accesses[0], accesses[1]));
        Assert.NotEqual(inOrderResults[1], swappedResults[0]);
    }

    private static (Step, Step) Steps(string pair) => pair switch
    {
        "mark vs lookup by another mark" => (Step.Mark(1, XaMark.Towrite, set: true), Step.Lookup(1, 7, XaMark.Dirty)),
        "erase vs lookup past it" => (Step.Erase(0), Step.Lookup(1, 7, XaMark.None)),
        "clear of a clear mark vs lookup by it" => (Step.Mark(0, XaMark.Writeback, set: false), Step.Lookup(0, 7, XaMark.Writeback)),
        _ => throw new ArgumentOutOfRangeException(nameof(pair), pair, "no such pair"),
    };

    /// <summary>Run the two steps in order on a new tree: the tree after, each step's result and accesses.</summary>
    private static (string Tree, long[] Results, ulong[][] Accesses) Run(Step first, Step second)
    {
        var world = new World(pages: 3);
        var tree = new PageTree(ino: 99);
        tree.Store(0, world.Page(0));
        tree.Store(1, world.Page(1));
        tree.SetMark(0, XaMark.Dirty);
        tree.SetMark(1, XaMark.Dirty);
        var results = new long[2];
        var accesses = new[]
        {
            RecordedAccesses.Of(() => results[0] = first.Run(tree)),
            RecordedAccesses.Of(() => results[1] = second.Run(tree)),
        };
        return (Describe(tree), results, accesses);
    }

    private static string Describe(PageTree tree) =>
        $"count {tree.Count}, size {tree.Capacity}: " + string.Join(", ", Enumerable.Range(0, (int)tree.Capacity).Select(i => $"{tree.Load(i)?.Index}/{tree.Marks(i)}"));

    private static bool Conflict(ulong[] first, ulong[] second) =>
        first.Any(a => second.Any(b => a >> 1 == b >> 1 && ((a | b) & 1) == 1));

    private sealed record Step(string Name, Func<PageTree, long> Run)
    {
        public static Step Mark(long index, XaMark mark, bool set) => new($"{(set ? "set" : "clear")} {mark} at {index}", tree =>
        {
            if (set)
            {
                tree.SetMark(index, mark);
            }
            else
            {
                tree.ClearMark(index, mark);
            }

            return 0;
        });

        public static Step Erase(long index) => new($"erase {index}", tree =>
        {
            tree.Erase(index);
            return 0;
        });

        public static Step Lookup(long start, long end, XaMark mark) => new($"find {mark} in [{start}, {end}]", tree => tree.FindNext(start, end, mark));
    }
}
