using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// Combines the shards of one <c>wbcheck matrix --shard i/N</c> run into the run itself: refuses
/// shards of another model version, seed, era or check selection, and shards given twice or
/// missing; copies each shard's traces and counterexamples into one folder and reads them back,
/// so the tables are those of the unsharded run. The run took as long as its slowest shard, on
/// the workers of all of them.
/// </summary>
internal static class MatrixMerge
{
    /// <summary>Missing shards named in the message; the rest are counted.</summary>
    private const int MissingNamed = 5;

    /// <exception cref="MatrixMergeException">The shards are not every share of one run, or one cannot be read.</exception>
    /// <exception cref="IOException">A trace cannot be written to <paramref name="output"/>.</exception>
    public static MatrixRun Run(IReadOnlyList<string> folders, string output, CliEnvironment environment)
    {
        var shards = folders.SelectMany(folder => Read(folder, environment)).ToList();
        var first = shards[0];
        foreach (var other in shards.Skip(1))
        {
            SameRun(first, other);
        }

        if (first.File.ModelVersion != ModelVersion.Current)
        {
            throw new MatrixMergeException(
                $"the shards were run on model {first.File.ModelVersion} but this wbcheck is model {ModelVersion.Current}; merge them with the wbcheck that ran them");
        }

        var count = first.Shard.Count;
        foreach (var twice in shards.GroupBy(s => s.Shard.Number).Where(g => g.Count() > 1))
        {
            throw new MatrixMergeException(
                $"shard {twice.Key}/{count} is given more than once ({string.Join(", ", twice.Select(s => $"'{s.Shown}'"))}): the shards overlap; give each shard's folder once");
        }

        // The count is the file's word, up to int.MaxValue: name the first few missing shards
        // only, so that a shard claiming 1/2147483647 costs a line, not a list of two billion.
        var given = shards.Select(s => s.Shard.Number).ToHashSet();
        var missingCount = count - given.Count;
        if (missingCount > 0)
        {
            var named = Enumerable.Range(1, count).Where(n => !given.Contains(n)).Take(MissingNamed).Select(n => $"{n}/{count}").ToList();
            var more = missingCount > named.Count ? $" and {missingCount - named.Count} more" : "";
            throw new MatrixMergeException(
                $"shard{(missingCount == 1 ? "" : "s")} {string.Join(", ", named)}{more} of the run {(missingCount == 1 ? "is" : "are")} missing: " +
                "give the --out folder of every `wbcheck matrix --shard i/N` of the run");
        }

        var eras = first.File.Eras.Select(version => Era(version, first)).ToList();
        var columns = first.File.Checks.Select(name => Column(name, first)).ToList();
        var places = columns.SelectMany(column => eras.Select(era => (Era: era, Column: column.Name))).ToArray();
        var cells = new MatrixCell[places.Length];
        foreach (var shard in shards)
        {
            var owned = MatrixRunner.Share(places.Length, shard.Shard);
            if (!shard.File.Cells.Select(c => c.Index).SequenceEqual(owned) ||
                shard.File.Cells.Any(c => Era(c.Era, shard) != places[c.Index].Era || c.Check != places[c.Index].Column))
            {
                throw new MatrixMergeException($"{shard.Name} does not hold the cells of shard {shard.Shard}; was it edited? Run that shard again");
            }

            foreach (var cell in shard.File.Cells)
            {
                cells[cell.Index] = Restore(cell, places[cell.Index].Era, shard, output, environment);
            }
        }

        return new MatrixRun(
            eras,
            columns,
            cells,
            TimeSpan.FromSeconds(shards.Max(s => s.File.Seconds)),
            shards.Sum(s => s.File.Workers));
    }

    private static IEnumerable<Part> Read(string folder, CliEnvironment environment)
    {
        string full;
        string[] files;
        try
        {
            full = environment.Resolve(folder);
            files = Directory.Exists(full) ? MatrixShardFile.In(full) : throw new DirectoryNotFoundException();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new MatrixMergeException($"'{folder}' is not a folder: give the --out folder of each `wbcheck matrix --shard i/N` of the run");
        }

        if (files.Length == 0)
        {
            throw new MatrixMergeException($"'{folder}' holds no matrix shard (matrix-shard-I-of-N.json): give the --out folder of each `wbcheck matrix --shard i/N` of the run");
        }

        foreach (var path in files)
        {
            var shown = environment.Show(path);
            MatrixShardFile file;
            Shard shard;
            try
            {
                file = MatrixShardFile.Load(path);
                shard = Shard.Parse(file.Shard);
            }
            catch (Exception exception) when (exception is IOException or FormatException or ArgumentException)
            {
                throw new MatrixMergeException($"cannot read the shard '{shown}': {Messages.OneLine(exception)}");
            }

            yield return new Part(file, shard, full, shown);
        }
    }

    private static void SameRun(Part first, Part other)
    {
        static string Seed(ulong? seed) => seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the era-table tests' seeds";
        var difference =
            other.File.ModelVersion != first.File.ModelVersion ? $"model {other.File.ModelVersion}, not {first.File.ModelVersion}"
            : other.Shard.Count != first.Shard.Count ? $"a run split in {other.Shard.Count} shards, not {first.Shard.Count}"
            : other.File.Seed != first.File.Seed ? $"seed {Seed(other.File.Seed)}, not {Seed(first.File.Seed)}"
            : !other.File.Eras.SequenceEqual(first.File.Eras) ? $"eras {string.Join(" ", other.File.Eras)}, not {string.Join(" ", first.File.Eras)}"
            : !other.File.Checks.SequenceEqual(first.File.Checks) ? $"checks {string.Join("; ", other.File.Checks)}, not {string.Join("; ", first.File.Checks)}"
            : null;
        if (difference is not null)
        {
            throw new MatrixMergeException($"{other.Name} is not of the same run as {first.Name}: {difference}; merge only the shards of one run");
        }
    }

    private static KernelEra Era(string version, Part shard)
    {
        try
        {
            return KernelEras.Parse(version);
        }
        catch (ArgumentException exception)
        {
            throw new MatrixMergeException($"{shard.Name} was run by another wbcheck: {exception.Message}");
        }
    }

    private static MatrixColumn Column(string name, Part shard) =>
        MatrixColumns.All.FirstOrDefault(c => c.Name == name)
        ?? throw new MatrixMergeException($"{shard.Name} was run by another wbcheck: this one has no check '{name}'");

    /// <summary>The cell as the shard had it, its trace or counterexample copied into <paramref name="output"/> and read back.</summary>
    private static MatrixCell Restore(ShardCell saved, KernelEra era, Part shard, string output, CliEnvironment environment)
    {
        var cell = saved.ToCell(era);
        if (saved.TraceName is not { } name)
        {
            return cell;
        }

        var source = Path.Combine(shard.Folder, name);
        if (Path.GetFileName(name) != name || !File.Exists(source))
        {
            throw new MatrixMergeException($"{shard.Name} names the file '{name}' but '{environment.Show(shard.Folder)}' does not hold it; give the whole --out folder of the shard");
        }

        var target = Path.Combine(output, name);
        if (Path.GetFullPath(source) != Path.GetFullPath(target))
        {
            Directory.CreateDirectory(output);
            File.Copy(source, target, overwrite: true);
        }

        try
        {
            return saved.Kind == ShardCell.TraceKind
                ? cell with { Trace = BugTrace.Load(target), TracePath = target }
                : cell with { Counterexample = File.ReadAllText(target), TracePath = target };
        }
        catch (TraceLoadException exception)
        {
            throw new MatrixMergeException($"{shard.Name}: {exception.Message}");
        }
    }

    private sealed record Part(MatrixShardFile File, Shard Shard, string Folder, string Shown)
    {
        public string Name => File.Describe(Shown);
    }
}
