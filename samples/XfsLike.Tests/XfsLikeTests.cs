using FsCheck;
using FsCheck.Xunit;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Properties.Filesystems;
using Xunit;

namespace Wbcheck.Samples.XfsLike.Tests;

/// <summary>
/// Every invariant of writeback as an FsCheck property, and every race scenario that runs on any
/// filesystem with what the era table expects of the current kernel, on <see cref="XfsLikeFs"/>.
/// A failing property prints its shrunk command sequence; a failing race, its minimized trace.
/// </summary>
// The template's file but for names and this: a fixed seed, so that the solution's test run is
// reproducible (the template leaves FsCheck to draw a new one each run).
[Properties(Replay = "(20261204,1297)")]
public class XfsLikeTests
{
    private static readonly Func<Kernel, IWritebackFilesystem> Mount = XfsLikeFs.Mount;

    [Property]
    public Property TagFlagCoherence() => FilesystemProperties.TagFlagCoherence(Mount);

    [Property]
    public Property Accounting() => FilesystemProperties.Accounting(Mount);

    [Property]
    public Property NoSilentClean() => FilesystemProperties.NoSilentClean(Mount);

    [Property]
    public Property NoLostDirtyData() => FilesystemProperties.NoLostDirtyData(Mount);

    [Property]
    public Property AscendingLockOrder() => FilesystemProperties.AscendingLockOrder(Mount);

    [Property]
    public Property TruncateAndReclaimSafety() => FilesystemProperties.TruncateAndReclaimSafety(Mount);

    public static TheoryData<string> Scenarios => new(FilesystemScenarios.Names);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Race(string scenario) => FilesystemScenarios.Check(scenario, Mount);
}
