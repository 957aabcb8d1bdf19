using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __mpage_writepage zeroes the part of the page straddling i_size past it before the page goes
/// under writeback ("The page straddles i_size. It must be zeroed out on each and every
/// writepage invocation"), as block_write_full_page does; the write-start checks
/// (<see cref="EofTailZeroed"/>) must see mpage's writes as they start too, so that an mpage that
/// skips the zeroing is caught at the page, not only later on the disk.
/// </summary>
public sealed class MpageWriteStartCheckedTests
{
    [Fact]
    public void An_mpage_write_that_skips_the_zeroing_is_caught_as_the_write_starts()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("i-size 10000\nextent 0-2 at 40\ndirty 0-2\n"), BioOp.Write, new Faults { MpageSkipsZeroingPastEof = true });
        run.Kernel.Observers.Add(new EofTailZeroed());
        var runtime = (SequentialRuntime)run.Kernel.Runtime;

        var violation = Assert.Throws<InvariantViolationException>(() =>
            runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity())));

        Assert.Equal(EofTailZeroed.Name, violation.Invariant);
        Assert.Contains("page 2 of inode 1 straddles i_size 10000", violation.Message);
    }
}
