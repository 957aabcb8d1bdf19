using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wbcheck.Concurrency;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// What <c>wbcheck matrix --shard i/N</c> leaves beside its traces for <c>wbcheck merge</c>: which
/// run it is a share of (model version, seeds, eras, checks, shard), and every cell it checked,
/// with everything the tables show of it, so the merge renders them as one run would.
/// </summary>
internal sealed record MatrixShardFile
{
    public const string Format = "wbcheck-matrix-shard/1";

    public string FileFormat { get; init; } = Format;

    public required string ModelVersion { get; init; }

    /// <summary>"2/4".</summary>
    public required string Shard { get; init; }

    /// <summary>The seed given with --seed, or null for the era-table tests' seeds.</summary>
    public required ulong? Seed { get; init; }

    public required string[] Eras { get; init; }

    public required string[] Checks { get; init; }

    public required ShardCell[] Cells { get; init; }

    public required double Seconds { get; init; }

    public required int Workers { get; init; }

    /// <summary>A year: longer is an edited file, and would overflow the run's duration.</summary>
    private const double MaxSeconds = 365 * 24 * 3600;

    /// <summary>More workers than this is an edited file (their sum must not overflow).</summary>
    private const int MaxWorkers = 1 << 16;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>"matrix-shard-2-of-4.json".</summary>
    public static string NameFor(Shard shard) => $"matrix-shard-{shard.Number}-of-{shard.Count}.json";

    /// <summary>The shard files in <paramref name="folder"/>, by name.</summary>
    public static string[] In(string folder) => [.. Directory.GetFiles(folder, "matrix-shard-*-of-*.json").Order(StringComparer.Ordinal)];

    /// <summary>A share of <paramref name="run"/>: <paramref name="indexes"/> are the cells' places in the whole run's order.</summary>
    public static MatrixShardFile From(MatrixRun run, Shard shard, ulong? seed, IReadOnlyList<int> indexes) => new()
    {
        ModelVersion = Wbcheck.Model.ModelVersion.Current,
        Shard = shard.ToString(),
        Seed = seed,
        Eras = [.. run.Eras.Select(e => e.Info().Version)],
        Checks = [.. run.Columns.Select(c => c.Name)],
        Cells = [.. run.Cells.Select((cell, i) => ShardCell.From(cell, indexes[i]))],
        Seconds = run.Elapsed.TotalSeconds,
        Workers = run.Workers,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    /// <exception cref="IOException">Unreadable, or not a shard file; the message says which.</exception>
    public static MatrixShardFile Load(string path)
    {
        var text = InputFiles.ReadText(path, InputFiles.MaxTraceBytes);
        try
        {
            var file = JsonSerializer.Deserialize<MatrixShardFile>(text, Options);
            if (file is null || file.FileFormat != Format)
            {
                throw new IOException($"it is not a {Format} file");
            }

            if (!(file.Seconds >= 0 && file.Seconds <= MaxSeconds) || file.Workers < 1 || file.Workers > MaxWorkers)
            {
                throw new IOException($"its seconds ({file.Seconds}) or workers ({file.Workers}) are out of range; was it edited?");
            }

            // The JSON reader checks the nullability of properties, not of a list's items.
            if (file.Cells.Any(cell => cell?.Cost is { } cost && cost.Runs.Any(run => run is null)))
            {
                throw new IOException("a cell's cost lists a run that is null; was it edited?");
            }

            return file;
        }
        catch (JsonException exception)
        {
            throw new IOException($"it is not a {Format} file: {exception.Message}", exception);
        }
    }

    /// <summary>How the shard reads in messages: "shard 2/4 ('out-2/matrix-shard-2-of-4.json')".</summary>
    public string Describe(string shown) => string.Create(CultureInfo.InvariantCulture, $"shard {Shard} ('{shown}')");
}
