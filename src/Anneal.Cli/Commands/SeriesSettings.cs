using System.ComponentModel;
using System.Globalization;
using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// What <c>plot</c>, <c>show</c> and <c>compare</c> share: <c>--steps</c> and <c>--metrics</c>, read as <c>export</c>
/// reads them, and the evaluation of their specs.
/// </summary>
internal abstract class SeriesSettings : CommandSettings
{
    /// <summary>The number of steps when neither <c>--steps</c> nor <c>--metrics</c> is given.</summary>
    public const long DefaultSteps = 100;

    private const string StepsMeaning = "the number of Step() calls; N + 1 values";

    /// <summary>The text of <c>--steps</c>.</summary>
    [CommandOption("--steps <N>")]
    [Description("Steps after construction: N + 1 values, as 'anneal export' prints them. Default 100 (the number of metrics with --metrics); a schedule that ends sooner (OneCycleLR) is drawn to its end")]
    public string? StepsText { get; init; }

    /// <summary>The metrics, comma-separated, one per step (ReduceOnPlateau only).</summary>
    [CommandOption("--metrics <V1,V2,...>")]
    [Description("One metric per step for ReduceOnPlateau, comma-separated, e.g. --metrics=0.9,0.8,0.8,0.8. nan and inf count as bad epochs")]
    public string? Metrics { get; init; }

    /// <summary>Whether the user gave <c>--steps</c>.</summary>
    public bool StepsGiven => StepsText is not null;

    /// <summary>The number of steps for schedules of the step. Valid after <see cref="Validate"/>.</summary>
    public long Steps => StepsText is not null ? ParseSteps(StepsText) : Metrics is not null ? ParsedMetrics()!.Length : DefaultSteps;

    /// <summary>The metrics, parsed, or null. Valid after <see cref="Validate"/>.</summary>
    /// <returns>One metric per step, or null without <c>--metrics</c>.</returns>
    public double[]? ParsedMetrics()
        => Metrics is null ? null : ExportSettings.TryParseMetrics(Metrics, out var metrics, out var problem) ? metrics : throw new CliException(problem);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (StepsText is not null && !TryParseSteps(StepsText, out _, out var stepsProblem))
        {
            return ValidationResult.Error(stepsProblem);
        }

        if (Metrics is not null && !ExportSettings.TryParseMetrics(Metrics, out var metrics, out var problem))
        {
            return ValidationResult.Error(problem);
        }

        if (Metrics is not null && ParsedMetrics()!.Length > SeriesEvaluator.MaxSteps)
        {
            return ValidationResult.Error($"--metrics has {ParsedMetrics()!.Length} values; at most {SeriesEvaluator.MaxSteps} are drawn");
        }

        return ValidationResult.Success();
    }

    /// <summary>Parses the SPEC arguments and checks them against <c>--steps</c> and <c>--metrics</c>.</summary>
    /// <param name="arguments">The arguments, each <c>NAME=SPEC</c> or <c>SPEC</c>.</param>
    /// <param name="name">How an error names argument <c>i</c> (e.g. <c>SPEC 2</c>).</param>
    /// <param name="specs">The specs, with unique labels.</param>
    /// <returns>Success, or the first problem.</returns>
    public ValidationResult ReadSpecs(IReadOnlyList<string> arguments, Func<int, string> name, out IReadOnlyList<LabeledSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(name);
        var parsed = new List<LabeledSpec>(arguments.Count);
        specs = parsed;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!LabeledSpec.TryParse(arguments[i], name(i), out var spec, out var problem))
            {
                return ValidationResult.Error(problem);
            }

            parsed.Add(spec);
        }

        var driven = parsed.FirstOrDefault(s => SeriesEvaluator.IsMetricDriven(s.Definition));
        var pure = parsed.FirstOrDefault(s => !SeriesEvaluator.IsMetricDriven(s.Definition));
        if (driven is not null && Metrics is null)
        {
            return ValidationResult.Error($"{driven.Definition.Name} needs --metrics=V1,V2,... (one metric per step)");
        }

        if (Metrics is not null && driven is null)
        {
            return ValidationResult.Error(
                $"--metrics = '{Metrics}' is only for ReduceOnPlateau; {pure!.Definition.Name} is a schedule of the step alone: use --steps N");
        }

        if (StepsText is not null && Metrics is not null && pure is null)
        {
            return ValidationResult.Error(
                $"--steps = {StepsText} cannot be combined with --metrics = '{Metrics}' when every spec is driven by metrics: there is one step per metric");
        }

        specs = LabeledSpec.Disambiguate(parsed);
        return ValidationResult.Success();
    }

    /// <summary>Evaluates the specs read by <see cref="ReadSpecs"/>.</summary>
    /// <param name="specs">The specs.</param>
    /// <param name="notes">Where notes about shortened series go.</param>
    /// <param name="cancellationToken">Cancels a long evaluation.</param>
    /// <returns>One series per spec.</returns>
    public IReadOnlyList<ScheduleSeries> Evaluate(IReadOnlyList<LabeledSpec> specs, ICollection<string> notes, CancellationToken cancellationToken)
    {
        var steps = Steps;
        var metrics = ParsedMetrics();
        return [.. specs.Select(s => SeriesEvaluator.Evaluate(s, steps, StepsGiven, metrics, notes, cancellationToken))];
    }

    private static long ParseSteps(string text)
        => TryParseSteps(text, out var steps, out var problem) ? steps : throw new CliException(problem);

    private static bool TryParseSteps(string text, out long steps, out string problem)
    {
        if (!ExportSettings.TryParseInteger("--steps", text, 1, StepsMeaning, out steps, out problem))
        {
            return false;
        }

        if (steps > SeriesEvaluator.MaxSteps)
        {
            problem = $"--steps = '{text}' is not allowed: expected an integer from 1 to {SeriesEvaluator.MaxSteps.ToString(CultureInfo.InvariantCulture)} (every step is evaluated; 'anneal export' prints longer runs)";
            return false;
        }

        return true;
    }
}
