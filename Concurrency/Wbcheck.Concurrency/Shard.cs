namespace Wbcheck.Concurrency;

/// <summary>
/// Part <see cref="Number"/> of <see cref="Count"/> of a run, so that any job runner (a CI matrix,
/// a batch scheduler) can split it across machines: iteration i belongs to shard (i mod Count) + 1.
/// Every shard derives the same per-iteration seeds, so the union of the shards' bugs is the bug
/// set of the whole run. Numbered from 1, as "--shard 2/4" reads.
/// </summary>
public readonly record struct Shard
{
    public Shard(int number, int count)
    {
        if (count < 1 || number < 1 || number > count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(number), $"shard {number}/{count} does not exist: shards are numbered 1 to N, e.g. 2/4");
        }

        Number = number;
        Count = count;
    }

    /// <summary>The whole run, unsplit.</summary>
    public static Shard Whole => new(1, 1);

    public int Number { get; }

    public int Count { get; }

    public bool IsWhole => Count == 1;

    /// <summary>Parse "i/N", e.g. "2/4".</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var number) || !int.TryParse(parts[1], out var count))
        {
            throw new FormatException($"'{text}' is not a shard: write i/N, e.g. 2/4 for the second of four");
        }

        return new Shard(number, count);
    }

    /// <summary>Iteration <paramref name="iteration"/> belongs to this shard.</summary>
    public bool Owns(int iteration) => iteration % Count == Number - 1;

    public override string ToString() => $"{Number}/{Count}";
}
