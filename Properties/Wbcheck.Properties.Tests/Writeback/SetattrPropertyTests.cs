using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The generated cases reach truncate through the filesystem's -&gt;setattr (SimpleFs.SetattrSize,
/// block_truncate_page of the block holding the new EOF), among writes, stores through mappings,
/// writeback, fsync and reclaim: each bug of the block truncate the race scenario
/// block-truncate-vs-writeback catches is caught by the EOF property too, and shrinks to the
/// -&gt;setattr truncate that shows it. Only a truncate through -&gt;setattr checks
/// <see cref="EofBlockZeroedOnDisk"/>, so these fail if the generator stops drawing one.
/// </summary>
public sealed class SetattrPropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_block_truncate_that_does_not_dirty_the_block_is_caught_by_one_setattr_truncate(KernelEra era)
    {
        var (failure, shrunk) = Caught(era, new Faults { BlockTruncatePageSkipsDirtying = true });

        Assert.Matches(@"and the disk keeps bytes \d+-4095 past EOF from before the truncate", failure.Message);
        var truncate = Assert.IsType<TruncateCommand>(Assert.Single(shrunk.Commands));
        Assert.True(truncate is { Setattr: true, PartialBytes: > 0 }, truncate.ToString());
    }

    [Fact]
    public void Before_the_new_truncate_sequence_a_block_truncate_that_does_not_zero_is_caught_by_one_setattr_truncate()
    {
        var (failure, shrunk) = Caught(KernelEra.V2_6_20, new Faults { BlockTruncatePageSkipsZeroing = true });

        Assert.Matches(@"holds EOF \d+ but its bytes \d+-4095 past EOF are not zeroed", failure.Message);
        var truncate = Assert.IsType<TruncateCommand>(Assert.Single(shrunk.Commands));
        Assert.True(truncate is { Setattr: true, PartialBytes: > 0 }, truncate.ToString());
    }

    /// <summary>
    /// From the 2.6.36 era the page-cache truncate zeroes the page after the block truncate, so
    /// only writeback between block_truncate_page and i_size_write puts the old bytes on the disk:
    /// the shrunk case pauses the -&gt;setattr truncate there and writes the page back. A race of
    /// one step: from the matrix's seed found after 3,790 cases (from seeds 1 to 6 after 751 to
    /// 8,987), each case small and quick.
    /// </summary>
    [Fact]
    public void From_the_new_truncate_sequence_a_block_truncate_that_does_not_zero_is_caught_with_writeback_in_its_window()
    {
        var (failure, shrunk) = Caught(KernelEra.V6_9, new Faults { BlockTruncatePageSkipsZeroing = true }, cases: 5000);

        Assert.Matches(@"its page is clean and the disk keeps bytes \d+-4095 past EOF from before the truncate", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        var truncate = Assert.Single(shrunk.Commands.OfType<TruncateCommand>());
        Assert.True(truncate is { Setattr: true, PartialBytes: > 0, Steps: not null }, truncate.ToString());
        Assert.Contains(shrunk.Commands, c => c is WritebackCommand or FsyncCommand or ReclaimCommand);
    }

    private (PropertyFailedException Failure, WritebackCase Shrunk) Caught(KernelEra era, Faults faults, int cases = 1000)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            EofTailZeroed.Name,
            WritebackProperties.EofTailZeroedOnEveryWrite(era, faults, c => shrunk = c),
            PropertyOptions.Default with { MaxTest = cases, Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);
        Assert.NotNull(shrunk);
        Assert.Contains(EofBlockZeroedOnDisk.Name + ":", failure.Message);
        Assert.Contains(shrunk.ToString(), failure.Counterexample);
        return (failure, shrunk);
    }
}
