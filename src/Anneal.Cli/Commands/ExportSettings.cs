using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// The arguments of <c>anneal export SPEC [--steps N | --metrics=V1,V2,...] [--last-epoch K] [--format csv|json]</c>.
/// <see cref="Validate"/> checks everything that does not need the spec; <see cref="ExportCommand"/> checks the rest.
/// </summary>
internal sealed class ExportSettings : CommandSettings
{
    /// <summary>The number of steps when neither <c>--steps</c> nor <c>--metrics</c> is given.</summary>
    public const long DefaultSteps = 20;

    private const string StepsMeaning = "the number of Step() calls; N + 1 rows";

    private const string LastEpochMeaning = "-1 starts fresh at step 0";

    /// <summary>The formats <c>--format</c> allows.</summary>
    public static readonly IReadOnlyList<string> Formats = ["csv", "json"];

    /// <summary>The schedule: spec text, or its JSON form when it starts with <c>{</c>.</summary>
    [CommandArgument(0, "<SPEC>")]
    [Description("The schedule: spec text such as \"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\" (quote it), or its JSON form {\"type\": \"StepDecay\", ...}")]
    public string Spec { get; init; } = string.Empty;

    /// <summary>The text of <c>--steps</c>: the number of <c>Step()</c> calls after construction.</summary>
    /// <remarks>Integer options are read as text so that a bad value gets an error that names the option.</remarks>
    [CommandOption("--steps <N>")]
    [Description("Steps after construction: N + 1 rows. Default 20. Not with --metrics")]
    public string? StepsText { get; init; }

    /// <summary>The metrics, comma-separated, one per step (ReduceOnPlateau only).</summary>
    [CommandOption("--metrics <V1,V2,...>")]
    [Description("One metric per step, comma-separated (ReduceOnPlateau only), e.g. --metrics=0.9,0.8,-1e-3. nan and inf count as bad epochs")]
    public string? Metrics { get; init; }

    /// <summary>The text of <c>--last-epoch</c>: the epoch the scheduler resumes after (Paddle's <c>last_epoch</c>); -1 starts fresh.</summary>
    [CommandOption("--last-epoch <K>")]
    [Description("Start as a scheduler resumed after epoch K (Paddle's last_epoch), K >= -1. Default -1: a fresh start at step 0")]
    public string? LastEpochText { get; init; }

    /// <summary>The output format: <c>csv</c> or <c>json</c>.</summary>
    [CommandOption("--format <FORMAT>")]
    [Description("csv (header step,lr, plus momentum where a schedule cycles it) or json (an array of {\"step\", \"lr\"} objects). Default csv")]
    public string Format { get; init; } = "csv";

    /// <summary>The value of <c>--steps</c>, or null when it is not given. Valid after <see cref="Validate"/>.</summary>
    public long? Steps => StepsText is null ? null : ParseInteger("--steps", StepsText, 0, StepsMeaning);

    /// <summary>The value of <c>--last-epoch</c>, -1 when it is not given. Valid after <see cref="Validate"/>.</summary>
    public long LastEpoch => LastEpochText is null ? -1 : ParseInteger("--last-epoch", LastEpochText, -1, LastEpochMeaning);

    /// <summary>Whether the output is JSON (else CSV). Valid after <see cref="Validate"/>.</summary>
    public bool IsJson => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The number of steps to take: the number of metrics, <c>--steps</c>, or the default.</summary>
    public long StepCount => Metrics is not null ? ParsedMetrics().Length : Steps ?? DefaultSteps;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (!Formats.Contains(Format, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--format = '{Format}' is not allowed; expected one of: {string.Join(", ", Formats)}");
        }

        if (StepsText is not null && !TryParseInteger("--steps", StepsText, 0, StepsMeaning, out _, out var stepsProblem))
        {
            return ValidationResult.Error(stepsProblem);
        }

        if (LastEpochText is not null && !TryParseInteger("--last-epoch", LastEpochText, -1, LastEpochMeaning, out _, out var lastEpochProblem))
        {
            return ValidationResult.Error(lastEpochProblem);
        }

        if (StepsText is not null && Metrics is not null)
        {
            return ValidationResult.Error(
                $"--steps = {StepsText} cannot be combined with --metrics = '{Metrics}': with --metrics there is one step per metric");
        }

        if (Metrics is not null && !TryParseMetrics(Metrics, out _, out var problem))
        {
            return ValidationResult.Error(problem);
        }

        // The last row is at step LastEpoch + 1 + StepCount, which must be a valid epoch.
        if (StepCount > long.MaxValue - (LastEpoch + 1))
        {
            return ValidationResult.Error(
                $"--steps = {StepCount} is not allowed with --last-epoch = {LastEpoch}: the last row would be past step {long.MaxValue}");
        }

        return ValidationResult.Success();
    }

    private static long ParseInteger(string option, string text, long min, string meaning)
        => TryParseInteger(option, text, min, meaning, out var value, out var problem) ? value : throw new CliException(problem);

    /// <summary>Parses an integer option (invariant culture, optional sign, no decimal point) that must be at least <paramref name="min"/>.</summary>
    /// <param name="option">The option, e.g. <c>--steps</c>.</param>
    /// <param name="text">Its value.</param>
    /// <param name="min">The least value allowed (the largest is <c>long.MaxValue - 1</c>).</param>
    /// <param name="meaning">What the value means, for the error.</param>
    /// <param name="value">The value, when it parses.</param>
    /// <param name="problem">A one-line error naming the option, the value and what is allowed, when it does not.</param>
    /// <returns>Whether the value parsed and is allowed.</returns>
    internal static bool TryParseInteger(string option, string text, long min, string meaning, out long value, out string problem)
    {
        // One below long.MaxValue, so that the first row of a resumed scheduler, LastEpoch + 1, is still a long.
        const long Max = long.MaxValue - 1;
        var parsed = long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (parsed && value >= min && value <= Max)
        {
            problem = string.Empty;
            return true;
        }

        var allowed = parsed && value > Max
            ? $"<= {Max.ToString(CultureInfo.InvariantCulture)}"
            : $">= {min.ToString(CultureInfo.InvariantCulture)}";
        problem = $"{option} = '{text}' is not allowed: expected an integer {allowed} ({meaning})";
        return false;
    }

    /// <summary>The metrics, parsed. Valid after <see cref="Validate"/>.</summary>
    /// <returns>One metric per step.</returns>
    public double[] ParsedMetrics()
        => Metrics is null ? [] : TryParseMetrics(Metrics, out var metrics, out var problem) ? metrics : throw new CliException(problem);

    /// <summary>
    /// Parses comma-separated metrics in the invariant culture: numbers such as <c>-0.5</c> or <c>1e-3</c>, and
    /// <c>nan</c>, <c>inf</c>, <c>+inf</c>, <c>-inf</c> (any case; <c>infinity</c> too).
    /// </summary>
    /// <param name="text">The value of <c>--metrics</c>.</param>
    /// <param name="metrics">The metrics, when they parse.</param>
    /// <param name="problem">A one-line error naming the bad item, when they do not.</param>
    /// <returns>Whether every item parsed.</returns>
    internal static bool TryParseMetrics(string text, out double[] metrics, out string problem)
    {
        const string Allowed = "expected numbers separated by commas, e.g. --metrics=0.9,0.85,-1e-3 (nan and inf are accepted)";
        metrics = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"--metrics = '{text}' is empty: {Allowed}";
            return false;
        }

        var items = text.Split(',');
        var values = new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryParseMetric(items[i].Trim(), out values[i]))
            {
                problem = $"--metrics = '{text}': item {i + 1} '{items[i].Trim()}' is not a number; {Allowed}";
                return false;
            }
        }

        metrics = values;
        problem = string.Empty;
        return true;
    }

    private static bool TryParseMetric(string item, out double value)
    {
        switch (item.ToUpperInvariant())
        {
            case "NAN" or "+NAN" or "-NAN":
                value = double.NaN;
                return true;
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = double.PositiveInfinity;
                return true;
            case "-INF" or "-INFINITY":
                value = double.NegativeInfinity;
                return true;
        }

        // Float allows a sign, a decimal point and an exponent; no thousands separators, no currency, no hex.
        value = 0;
        return item.Length > 0 && double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
