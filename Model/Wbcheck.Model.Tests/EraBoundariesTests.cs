namespace Wbcheck.Model.Tests;

/// <summary>Era comparisons record the boundaries they ask about, and two eras are told apart only by a boundary between them.</summary>
public sealed class EraBoundariesTests
{
    [Fact]
    public void Each_comparison_records_the_boundaries_it_asks_about()
    {
        EraBoundaries.Reset();
        Assert.True(KernelEra.V6_9.Before(KernelEra.V6_10));
        Assert.Equal([KernelEra.V6_10], EraBoundaries.Named(EraBoundaries.Reset()));

        Assert.True(KernelEra.V6_10.AtLeast(KernelEra.V4_13));
        Assert.Equal([KernelEra.V4_13], EraBoundaries.Named(EraBoundaries.Reset()));

        Assert.False(KernelEra.V4_17.AtMost(KernelEra.V4_13));
        Assert.Equal([KernelEra.V4_17], EraBoundaries.Named(EraBoundaries.Reset()));

        Assert.True(KernelEra.V2_6_36.Is(KernelEra.V2_6_36));
        Assert.Equal([KernelEra.V2_6_36, KernelEra.V3_19], EraBoundaries.Named(EraBoundaries.Reset()));
    }

    [Fact]
    public void Only_a_boundary_between_two_eras_separates_them()
    {
        EraBoundaries.Reset();
        _ = KernelEra.V6_9.AtLeast(KernelEra.V3_19);
        _ = KernelEra.V6_9.AtLeast(KernelEra.V6_9);
        var consulted = EraBoundaries.Reset();

        Assert.False(EraBoundaries.Separates(consulted, KernelEra.V6_9, KernelEra.V6_10));
        Assert.False(EraBoundaries.Separates(consulted, KernelEra.V3_19, KernelEra.V5_0));
        Assert.True(EraBoundaries.Separates(consulted, KernelEra.V5_0, KernelEra.V6_9));
        Assert.True(EraBoundaries.Separates(consulted, KernelEra.V2_6_36, KernelEra.V4_13));
    }

    [Fact]
    public void Every_comparison_gives_the_same_answer_on_two_eras_it_does_not_separate()
    {
        var eras = Enum.GetValues<KernelEra>();
        foreach (var boundary in eras)
        {
            foreach (var earlier in eras)
            {
                foreach (var later in eras.Where(e => e > earlier))
                {
                    EraBoundaries.Reset();
                    var answers = (earlier.AtLeast(boundary), earlier.Before(boundary), earlier.AtMost(boundary), earlier.Is(boundary));
                    var consulted = EraBoundaries.Reset();
                    if (!EraBoundaries.Separates(consulted, earlier, later))
                    {
                        Assert.Equal(answers, (later.AtLeast(boundary), later.Before(boundary), later.AtMost(boundary), later.Is(boundary)));
                    }
                }
            }
        }

        EraBoundaries.Reset();
    }

    [Fact]
    public void Era_names_consult_the_boundaries_they_change_at()
    {
        EraBoundaries.Reset();
        _ = EraNames.Of(KernelEra.V6_9);
        var consulted = EraBoundaries.Reset();

        Assert.True(EraBoundaries.Separates(consulted, KernelEra.V5_0, KernelEra.V6_9), "6.9 names folios");
        Assert.False(EraBoundaries.Separates(consulted, KernelEra.V6_9, KernelEra.V6_10), "6.10 names nothing anew");
    }
}
