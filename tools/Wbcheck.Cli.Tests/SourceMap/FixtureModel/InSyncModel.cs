using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Tests.SourceMap.FixtureModel;

/// <summary>A model whose citations all hold in trees/v1; in trees/v2 one body drifted and one function is gone.</summary>
public static class InSyncModel
{
    [Models("mm/writeback.c", "mark_dirty", "1.0", Fingerprint = "c9e0b53fdd175fa5")]
    public static void MarkDirty()
    {
    }

    [Models("mm/writeback.c", "clear_dirty", "1.0", Fingerprint = "eee054f64f9dccf6")]
    public static void ClearDirty()
    {
    }

    [Models("mm/writeback.c", "finish_io", "1.0", Fingerprint = "868c6a4992821a71")]
    public static void FinishIo()
    {
    }
}
