using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Running;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The livelock bound of tagged writeback, among interleaved writes, stores and passes: it holds
/// on the 6.9 iterator and on the classic write_cache_pages that tagged (2.6.36 to 6.8), and a
/// loop that tags past its range or writes pages it never saw tagged is caught with a shrunk
/// case. The mutation check's two named mutants (a tag_pages_for_writeback that tags past its
/// end, a wbc_to_tag with and for or) fail this property too: docs/mutation.md.
/// </summary>
public sealed class TowritePropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void A_tagged_pass_tags_only_its_range_and_writes_only_what_was_tagged() =>
        Holds(WritebackProperties.TaggedPassesWriteOnlyWhatWasTagged());

    [Fact]
    public void The_classic_write_cache_pages_tags_only_its_range_and_writes_only_what_was_tagged_on_5_0() =>
        Holds(WritebackProperties.TaggedPassesWriteOnlyWhatWasTagged(KernelEra.V5_0));

    [Fact]
    public void A_loop_that_tags_past_its_range_end_is_caught()
    {
        var (failure, shrunk) = Caught(onFailure =>
            WritebackProperties.TaggedPassesWriteOnlyWhatWasTagged(loop: PassLoop.WritebackIterTaggingPastRange, onFailure: onFailure));

        Assert.Matches(@"set TOWRITE on page \d+ of .*, outside the range of its pass \(WB_SYNC_(ALL|NONE)( tagged)? over pages \d+\.\.\d+\)", failure.Message);
        AssertAtMost(shrunk, commands: 1);
    }

    [Fact]
    public void A_loop_that_writes_a_page_dirtied_after_its_pass_began_is_caught()
    {
        var (failure, shrunk) = Caught(onFailure =>
            WritebackProperties.TaggedPassesWriteOnlyWhatWasTagged(loop: PassLoop.WritebackIterWalkingDirty, onFailure: onFailure));

        Assert.Matches(@"wrote page \d+ of .* in its pass \(WB_SYNC_(ALL|NONE)( tagged)? over pages \d+\.\.(\d+|end)\), but the page carried no TOWRITE tag at any moment since the pass began", failure.Message);
        AssertAtMost(shrunk, commands: 3);
    }

    /// <summary>A fixed seed, so that each fault test always catches its bug with the shrunk case asserted, or always fails.</summary>
    private static readonly PropertyOptions FaultRun = PropertyOptions.Default with { MaxTest = 5_000, Replay = new ReplaySeed(20261205, 1234567891) };

    private void Holds(FsCheck.Property property) =>
        PropertyCheck.Run(WritebackProperties.TowriteName, property, TestBudget.Options, output.WriteLine);

    private (PropertyFailedException Failure, WritebackCase Shrunk) Caught(Func<Action<WritebackCase>, FsCheck.Property> property)
    {
        WritebackCase? last = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(WritebackProperties.TowriteName, property(c => last = c), FaultRun));
        output.WriteLine(failure.Message);
        Assert.NotNull(last);
        Assert.Contains(last.ToString(), failure.Counterexample);
        return (failure, last);
    }

    private static void AssertAtMost(WritebackCase shrunk, int commands) =>
        Assert.True(shrunk.Commands.Length <= commands, $"shrunk to {shrunk.Commands.Length} commands, expected at most {commands}:\n{shrunk}");
}
