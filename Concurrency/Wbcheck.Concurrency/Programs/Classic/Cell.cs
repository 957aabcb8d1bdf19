namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>A mutable value shared by the threads of one iteration.</summary>
public sealed class Cell<T>(T value)
{
    public T Value { get; set; } = value;
}
