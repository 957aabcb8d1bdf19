namespace Wbcheck.Model.Runtime;

/// <summary>
/// A kernel thread of the model (flusher, fsync caller, truncate, reclaim, a dirtier, an I/O
/// completion). Identity only: the runtime keeps its scheduling state.
/// </summary>
public sealed class ModelThread(int id, string name)
{
    /// <summary>Dense id, 0 for the first thread spawned, stable across replays.</summary>
    public int Id { get; } = id;

    public string Name { get; } = name;

    public override string ToString() => $"T{Id}({Name})";
}
