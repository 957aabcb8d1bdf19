namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>A mutable value shared by the threads of one iteration.</summary>
internal sealed class Cell<T>(T value)
{
    public T Value { get; set; } = value;
}
