using Wbcheck.Cli.Tests.SourceMap.FixtureModel;
using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class CitationReaderTests
{
    private static readonly Citation[] WritebackCitations =
    [
        new("WritebackModel", "Documentation/writeback.txt", "dirty accounting", "1.0", null),
        new("WritebackModel.Readahead.ReadPages", "mm/readahead.c", "read_pages", "1.0", "0123456789abcdef"),
        new("WritebackModel.Account", "mm/writeback.c", "clear_dirty", "1.0", "eee054f64f9dccf6"),
        new("WritebackModel.FinishIo", "mm/writeback.c", "finish_io", "1.0", "868c6a4992821a71"),
        new("WritebackModel (constructor)", "mm/writeback.c", "helper", "1.0", null),
        new("WritebackModel.Account", "mm/writeback.c", "mark_dirty", "1.0", "c9e0b53fdd175fa5"),
        new("WritebackModel.StartIo", "mm/writeback.c", "start_io", "1.0", "1de9fd3c24f88a38"),
    ];

    [Fact]
    public void Reads_citations_on_types_and_every_kind_of_member_public_or_not_in_file_and_function_order()
    {
        Assert.Equal(WritebackCitations, ModelCatalog.Read([typeof(WritebackModel), typeof(WritebackModel.Readahead)]));
    }

    [Fact]
    public void Reads_a_whole_assembly_nested_types_included()
    {
        var citations = ModelCatalog.Read(typeof(WritebackModel).Assembly);

        Assert.Equal(WritebackCitations, citations.Where(c => c.Member.StartsWith("WritebackModel", StringComparison.Ordinal)));
        Assert.Equal(
            ["InSyncModel.ClearDirty", "InSyncModel.FinishIo", "InSyncModel.MarkDirty"],
            citations.Where(c => c.Member.StartsWith("InSyncModel", StringComparison.Ordinal)).Select(c => c.Member));
    }
}
