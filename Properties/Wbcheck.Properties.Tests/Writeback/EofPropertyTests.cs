using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// End of file in the generated cases: a cluster's write that starts past an i_size a truncate
/// lowered after the cluster read it is allowed (it was reported as a write past EOF before
/// the invariant was made true to the kernel), and a -&gt;writepage that does not zero the tail of
/// the page straddling i_size is caught by the cases that truncate into the middle of a page
/// (the property's own mix, which also stores past EOF and uses filesystems like real ones).
/// </summary>
public sealed class EofPropertyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The case the old "no write wholly past i_size" rejected on 6.9: writeback's cluster
    /// checks page 1 against i_size under its lock, clear_page_dirty_for_io's page_mkclean lets
    /// a truncate to 0 set i_size, and the write starts past it; truncate waits for it.
    /// </summary>
    [Fact]
    public void A_cluster_write_that_a_truncate_overtakes_after_the_eof_check_is_allowed()
    {
        var property = EraPropertyCatalog.Find(WritebackBudget.Name);

        var result = property.Replay(KernelEra.V6_9, new ReplaySeed(2421539263226255225, 472210557927155169, 34));

        Assert.True(result.Holds, result.Report);
    }

    [Fact]
    public void Every_write_zeroes_the_tail_past_eof() =>
        PropertyCheck.Run(EofTailZeroed.Name, WritebackProperties.EofTailZeroedOnEveryWrite(), TestBudget.Options, output.WriteLine);

    [Fact]
    public void A_writepage_that_does_not_zero_the_tail_past_eof_is_caught_with_a_short_case()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            EofTailZeroed.Name,
            WritebackProperties.EofTailZeroedOnEveryWrite(faults: new Faults { SimpleFsSkipsZeroingPastEof = true }, onFailure: c => shrunk = c),
            PropertyOptions.Default with { MaxTest = 2_000, Replay = new ReplaySeed(1, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.Contains(EofTailZeroed.Name + ":", failure.Message);
        // A truncate into the middle of a page sets i_size before it zeroes that page's tail:
        // a write of the page in between must zero the old bytes past the new EOF itself. The
        // shrunk case caches the page (a write), pauses a writeback of it, and truncates into
        // it: two or three commands from seeds 1 to 12 (the matrix's seed stops at a five-command
        // case since the mix sends half of its truncates through ->setattr).
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => System.Text.RegularExpressions.Regex.IsMatch(c.ToString(), @"^truncate f0 to \d+ pages? \+ \d+ bytes"));
    }
}
