namespace Wbcheck.Model.Tests.ReclaimDifferential;

/// <summary>A page of the inactive list a case starts from.</summary>
internal enum ReclaimPage
{
    /// <summary>Clean and unreferenced: reclaim frees it.</summary>
    Clean,

    /// <summary>Held by a long-term pin: reclaim keeps it.</summary>
    Pinned,

    /// <summary>Dirty: written where the era and may_writepage let direct reclaim write, else kept.</summary>
    Dirty,
}

/// <summary>A direct reclaim's starting state: the era, laptop_mode, and the inactive list oldest first.</summary>
internal sealed record ReclaimCase(KernelEra Era, bool LaptopMode, IReadOnlyList<ReclaimPage> Pages)
{
    public override string ToString()
    {
        // Runs of one kind: "12 clean, 3 dirty" reads better than 15 letters.
        var runs = new List<string>();
        for (var start = 0; start < Pages.Count;)
        {
            var end = start;
            while (end < Pages.Count && Pages[end] == Pages[start])
            {
                end++;
            }

            runs.Add($"{end - start} {Pages[start].ToString().ToLowerInvariant()}");
            start = end;
        }

        return $"{Era}{(LaptopMode ? ", laptop_mode" : string.Empty)}, inactive list oldest first: {(runs.Count == 0 ? "empty" : string.Join(", ", runs))}";
    }
}
