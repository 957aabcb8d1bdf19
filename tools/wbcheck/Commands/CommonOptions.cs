using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Commands;

/// <summary>The options several commands share, each parsed and checked once, with one-line errors.</summary>
internal static class CommonOptions
{
    public const string DefaultOutputFolder = "wbcheck-out";

    public static Argument<string> Scenario() => new("scenario")
    {
        Description = $"The race scenario: {string.Join(", ", ScenarioCatalog.Names)} (wbcheck list scenarios)",
        Validators =
        {
            result =>
            {
                var name = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!ScenarioCatalog.Names.Contains(name))
                {
                    result.AddError($"unknown scenario '{name}'; known scenarios: {string.Join(", ", ScenarioCatalog.Names)}");
                }
            },
        },
    };

    public static Option<KernelEra?> Era(string description) => new("--era")
    {
        Description = description,
        HelpName = "ERA",
        CustomParser = result => ParseEra(result, result.Tokens[0].Value),
    };

    public static Option<KernelEra[]> Eras(string description) => new("--era")
    {
        Description = description,
        HelpName = "ERA",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => [.. result.Tokens.Select(token => ParseEra(result, token.Value))],
    };

    public static Option<ulong?> Seed(string description) => new("--seed")
    {
        Description = description,
        HelpName = "S",
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            {
                return seed;
            }

            result.AddError($"--seed must be a whole number from 0 to {ulong.MaxValue}, not '{text}'");
            return null;
        },
    };

    public static Option<int> Count(string name, string description, int defaultValue, int minimum, string helpName = "N", int maximum = int.MaxValue) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseCount(result, name, minimum, maximum) ?? defaultValue,
    };

    public static Option<int?> OptionalCount(string name, string description, int minimum, string helpName = "N", int maximum = int.MaxValue) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => ParseCount(result, name, minimum, maximum),
    };

    public static Option<string> Out(string description) => new("--out")
    {
        Description = description,
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultOutputFolder,
    };

    public static Option<Shard?> ShardOption() => new("--shard")
    {
        Description = "Run only part i of N of the iterations (e.g. 2/4), to split a run across machines; the shards' bugs together are the whole run's",
        HelpName = "i/N",
        CustomParser = result =>
        {
            try
            {
                return Shard.Parse(result.Tokens[0].Value);
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException)
            {
                result.AddError(Messages.OneLine(exception));
                return null;
            }
        },
    };

    /// <summary>"90" (seconds), "90s", "5m", "1h" or "00:01:30".</summary>
    public static Option<TimeSpan?> Timeout() => new("--timeout")
    {
        Description = "Stop after this long, wherever the time goes (setup, a long schedule, replay, minimization): 90 (seconds), 90s, 5m, 1h or 00:01:30",
        HelpName = "T",
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value.Trim();
            if (ParseDuration(text) is { } time && time > TimeSpan.Zero)
            {
                return time;
            }

            result.AddError($"--timeout must be a positive duration such as 90, 90s, 5m, 1h or 00:01:30, not '{text}'");
            return null;
        },
    };

    internal static TimeSpan? ParseDuration(string text)
    {
        if (TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var exact))
        {
            return exact;
        }

        var (number, unit) = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
    }

    private static KernelEra ParseEra(ArgumentResult result, string text)
    {
        try
        {
            return KernelEras.Parse(text);
        }
        catch (ArgumentException exception)
        {
            result.AddError(exception.Message);
            return default;
        }
    }

    private static int? ParseCount(ArgumentResult result, string name, int minimum, int maximum)
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        result.AddError(maximum == int.MaxValue
            ? $"{name} must be a whole number of at least {minimum}, not '{text}'"
            : $"{name} must be a whole number from {minimum} to {maximum}, not '{text}'");
        return null;
    }
}
