using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Generation;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The EOF property, the one that stores through mappings most and truncates into pages, draws a
/// filesystem with its own -&gt;page_mkwrite, block_page_mkwrite's
/// (<see cref="FsShape.BlockPageMkwrite"/>; docs/eras.md section 124), on the eras that have the
/// method: its faults are within a property's reach.
/// </summary>
public sealed class BlockPageMkwritePropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void The_eof_property_draws_it_where_the_method_exists(KernelEra era)
    {
        var cases = Gen.Sample(CaseGenerator.Case(WritebackProperties.EofMix.ForEra(era)), size: 60, seed: new Rnd(3, EraProperty.Gamma), numberOfSamples: 200).ToList();

        Assert.Contains(cases, c => c.Fs.BlockPageMkwrite);
        Assert.Contains(cases, c => !c.Fs.BlockPageMkwrite);
        Assert.Contains(cases, c => c.Fs.BlockPageMkwrite && c.Commands.Any(command => command is MapDirtyCommand));
    }

    /// <summary>2.5.31 has no -&gt;page_mkwrite (9637a5efd4fb is 2.6.18's), and a mix without stores through mappings draws none.</summary>
    [Fact]
    public void The_list_era_and_a_mix_without_stores_draw_none()
    {
        var listEra = Gen.Sample(CaseGenerator.Case(WritebackProperties.EofMix.ForEra(KernelEra.V2_5)), size: 60, seed: new Rnd(3, EraProperty.Gamma), numberOfSamples: 200);
        var noStores = Gen.Sample(CaseGenerator.Case((WritebackProperties.EofMix with { MapDirty = 0 }).ForEra(KernelEra.V6_9)), size: 60, seed: new Rnd(3, EraProperty.Gamma), numberOfSamples: 200);

        Assert.DoesNotContain(listEra, c => c.Fs.BlockPageMkwrite);
        Assert.DoesNotContain(noStores, c => c.Fs.BlockPageMkwrite);
    }

    /// <summary>
    /// block_page_mkwrite without its check that truncate has not taken the page or lowered
    /// i_size below it (<see cref="Faults.BlockPageMkwriteSkipsMappingCheck"/>) is caught by the
    /// EOF property, whose cases pause stores through mappings among truncates and punches. The
    /// shrunk case (seed 1) has the filesystem's own -&gt;page_mkwrite, a store paused before
    /// block_page_mkwrite locks its page, and a punch of that page: the unchecked
    /// __block_write_begin_int then reaches for the inode through the page's cleared mapping (the
    /// oops); a page still cached past a lowered i_size would have its block allocated past EOF
    /// instead (<see cref="WritePastEof"/>).
    /// </summary>
    [Fact]
    public void A_page_mkwrite_without_its_check_is_caught_by_the_eof_property_with_a_short_case()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            EofTailZeroed.Name,
            WritebackProperties.EofTailZeroedOnEveryWrite(KernelEra.V6_9, new Faults { BlockPageMkwriteSkipsMappingCheck = true }, c => shrunk = c),
            PropertyOptions.Default with { MaxTest = 2_000, Replay = new ReplaySeed(1, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.True(failure.Message.Contains("kernel BUG in " + EraNames.Of(KernelEra.V6_9).BlockPrepareWrite, StringComparison.Ordinal) || failure.Message.Contains(WritePastEof.Name + ":", StringComparison.Ordinal), failure.Message);
        Assert.True(shrunk.Fs.BlockPageMkwrite, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is MapDirtyCommand);
        Assert.Contains(shrunk.Commands, c => c is TruncateCommand);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
    }

    /// <summary>
    /// block_page_mkwrite with only the EOF half of its check dropped
    /// (<see cref="Faults.BlockPageMkwriteSkipsEofCheck"/>): a page truncate took is still given
    /// up, so the property's only way to the fault is its consequence in the file, the
    /// allocation past EOF, and the case shrinks to it: a store through the mapping paused before
    /// block_page_mkwrite locks its page, a truncate into the page before it paused between its
    /// i_size_write and its removal of the page, and the store going on
    /// (<see cref="WritePastEof"/>'s report). The page form's eras: the folio form's wrapped
    /// length is a BUG_ON instead (6.9).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V5_0)]
    public void A_page_mkwrite_without_its_eof_check_is_caught_by_the_eof_property_as_an_allocation_past_eof(KernelEra era)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            EofTailZeroed.Name,
            WritebackProperties.EofTailZeroedOnEveryWrite(era, new Faults { BlockPageMkwriteSkipsEofCheck = true }, c => shrunk = c),
            PropertyOptions.Default with { MaxTest = 20_000, Replay = new ReplaySeed(1, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.Contains(WritePastEof.Name + ":", failure.Message, StringComparison.Ordinal);
        Assert.Contains("is allocated for a write fault wholly past the i_size its allocator read", failure.Message, StringComparison.Ordinal);
        Assert.True(shrunk.Fs.BlockPageMkwrite, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is MapDirtyCommand);
        Assert.Contains(shrunk.Commands, c => c is TruncateCommand { Last: null, PartialBytes: > 0 });
    }
}
