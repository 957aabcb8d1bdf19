namespace Wbcheck.Snapshots.Tests;

/// <summary>
/// A fresh directory under the system temp path, deleted on dispose. Tests that make snapshots
/// fail write their received files here, never into the repository.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wbcheck-snapshots-" + Guid.NewGuid().ToString("D"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
