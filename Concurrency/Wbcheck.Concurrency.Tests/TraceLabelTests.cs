using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>A step's label goes into a trace file as text and comes back the same.</summary>
public sealed class TraceLabelTests
{
    [Theory]
    [InlineData("lock_page", 5L)]
    [InlineData("pagevec_lookup_tag", long.MaxValue)]
    [InlineData("congestion_wait", -1L)]
    [InlineData("writeback_inodes", StepLabel.NoArg)]
    public void A_label_round_trips_through_its_text(string function, long arg)
    {
        var label = new StepLabel(function, arg);

        Assert.Equal(label, TraceJson.ParseLabel(label.ToString()));
    }

    [Fact]
    public void Text_that_is_not_a_call_is_a_bare_function()
    {
        Assert.Equal(new StepLabel("down(i_sem)(x)"), TraceJson.ParseLabel("down(i_sem)(x)"));
        Assert.Equal(new StepLabel("f(LLONG_MIN)"), TraceJson.ParseLabel("f(LLONG_MIN)"));
    }
}
