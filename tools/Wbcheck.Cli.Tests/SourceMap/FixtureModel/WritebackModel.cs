using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Tests.SourceMap.FixtureModel;

/// <summary>
/// A model of the fixture trees' mm/writeback.c, read from version 1.0 (trees/v1): one citation
/// of each kind of member, and one of each outcome when checked against trees/v2. The
/// fingerprints were printed by <c>wbcheck source-map --record</c> against trees/v1.
/// </summary>
[Models("Documentation/writeback.txt", "dirty accounting", "1.0")]
public sealed class WritebackModel
{
    [Models("mm/writeback.c", "helper", "1.0")]
    public WritebackModel()
    {
    }

    [Models("mm/writeback.c", "start_io", "1.0", Fingerprint = "1de9fd3c24f88a38")]
    public int StartIo { get; set; }

    [Models("mm/writeback.c", "finish_io", "1.0", Fingerprint = "868c6a4992821a71")]
    internal int FinishIo = 0;

    [Models("mm/writeback.c", "mark_dirty", "1.0", Fingerprint = "c9e0b53fdd175fa5")]
    [Models("mm/writeback.c", "clear_dirty", "1.0", Fingerprint = "eee054f64f9dccf6")]
    private static void Account()
    {
    }

    public sealed class Readahead
    {
        [Models("mm/readahead.c", "read_pages", "1.0", Fingerprint = "0123456789abcdef")]
        internal void ReadPages()
        {
        }
    }
}
