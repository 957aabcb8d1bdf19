using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Tests;

/// <summary>Every bug a test finds goes through a file: saved, loaded against its program, replayed.</summary>
internal static class TraceFiles
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "wbcheck-concurrency-tests");

    /// <summary>Save <paramref name="trace"/>, load it back for <paramref name="program"/>, replay it, and assert the same bug comes back.</summary>
    public static BugTrace AssertReplaysFromFile(ITestProgram program, BugTrace trace)
    {
        var path = TemporaryPath(program.Name);
        trace.Save(path);
        try
        {
            var loaded = BugTrace.Load(path, program);
            Assert.Equal(trace.ToJson(), loaded.ToJson());
            var replay = TestingEngine.Replay(program, loaded);
            Assert.True(replay.Reproduced, replay.Divergence);
            Assert.True(replay.Bug!.IsIdenticalTo(trace.Bug), $"replay found {replay.Bug}, trace has {trace.Bug}");
            return loaded;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string TemporaryPath(string name)
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}.json");
    }
}
