using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class BugTests
{
    [Fact]
    public void A_failing_assertion_formats_its_interpolated_rule()
    {
        var index = 7;
        var failure = Assert.Throws<KernelBugException>(() => Bug.On(index > 3, "folio_get", $"page {index} has no reference left"));

        Assert.Equal("folio_get", failure.Function);
        Assert.Equal("folio_get: page 7 has no reference left", failure.Message);
    }

    [Fact]
    public void A_holding_assertion_evaluates_nothing_of_its_rule()
    {
        var formatted = 0;
        string Describe()
        {
            formatted++;
            return "page 1";
        }

        Bug.On(false, "folio_get", $"{Describe()} has no reference left");

        Assert.Equal(0, formatted);
    }

    [Fact]
    public void A_queue_named_by_number_reads_as_one_named_in_full()
    {
        var queue = new WaitQueue("PG_locked of page", 5);

        Assert.Equal("PG_locked of page 5", queue.Name);
        Assert.Equal(new WaitQueue("PG_locked of page 5").ToString(), queue.ToString());
    }
}
