namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// A mutable value shared by the threads of one iteration. A named cell reports each access
/// (<see cref="SharedAccess.Touch"/>) under its name; an unnamed one reports that it may touch
/// anything, so a program that declares footprints gets no reduction from it.
/// </summary>
public sealed class Cell<T>(string? name, T value)
{
    private T value = value;

    public Cell(T value)
        : this(null, value)
    {
    }

    public T Value
    {
        get
        {
            Touched();
            return value;
        }

        set
        {
            Touched();
            this.value = value;
        }
    }

    private void Touched()
    {
        if (name is null)
        {
            SharedAccess.TouchAnything();
        }
        else
        {
            SharedAccess.Touch(name);
        }
    }
}
