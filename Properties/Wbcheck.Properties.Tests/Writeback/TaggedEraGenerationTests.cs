using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Generation;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// tagged_writepages is from 3.1 (6e6938b6d313): the eras before 3.19 refuse a pass with it
/// (TaggedWritepagesEraTests in the model's tests), so the generators draw it only for the eras
/// that have it, and otherwise generate the same cases.
/// </summary>
public sealed class TaggedEraGenerationTests(ITestOutputHelper output)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private static IEnumerable<WritebackCase> Sample(CommandMix mix) =>
        Gen.Sample(CaseGenerator.Case(mix), size: 60, seed: new Rnd(5, Gamma), numberOfSamples: 200);

    private static bool AnyTagged(WritebackCase c) => c.Commands.OfType<WritebackCommand>().Any(w => w.Wbc.Tagged);

    [Fact]
    public void Eras_without_the_field_get_no_tagged_pass_and_the_same_cases_otherwise()
    {
        var mix = WritebackProperties.TaggingMix;
        var withField = Sample(mix.ForEra(KernelEra.V3_19)).ToList();
        var without = Sample(mix.ForEra(KernelEra.V2_6_36)).ToList();

        Assert.Contains(withField, AnyTagged);
        Assert.DoesNotContain(without, AnyTagged);
        Assert.Equal(withField.Select(c => c.ToString().Replace(" tagged", "", StringComparison.Ordinal)), without.Select(c => c.ToString()));
    }

    [Fact]
    public void The_tagging_property_runs_on_2_6_36_without_a_refused_pass() =>
        PropertyCheck.Run(WritebackProperties.TowriteName, WritebackProperties.TaggedPassesWriteOnlyWhatWasTagged(KernelEra.V2_6_36), TestBudget.Options, output.WriteLine);
}
