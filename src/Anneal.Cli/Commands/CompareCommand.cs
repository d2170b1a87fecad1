using System.Globalization;
using System.Text;
using Anneal.Cli.Analysis;
using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// <c>anneal compare</c>: checks a port step by step (Paddle against PyTorch semantics, a recipe against its source).
/// Prints the largest absolute and relative differences and the first step where the two differ beyond 1e-12, and
/// draws both in one picture. A difference is a result, not an error: the exit code is 0 either way.
/// </summary>
internal sealed class CompareCommand : Command<CompareSettings>, IAnnealCommand
{
    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where the report goes.</param>
    public CompareCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "compare";

    /// <inheritdoc />
    public static string Description => "Compare two schedules step by step: largest differences, first difference beyond 1e-12, and an overlay picture";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["compare", "\"ExponentialDecay(learning_rate=0.1, gamma=0.9)\"", "\"torch.ExponentialLR(lr=0.1, gamma=0.9)\""],
        ["compare", "paddle=\"CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=1, T_mult=3)\"", "timm=\"TimmCosine(learning_rate=0.1, t_initial=1, cycle_mul=3, cycle_limit=10)\"", "--steps", "200", "--out", "restarts.svg"],
    ];

    /// <inheritdoc />
    public override ValidationResult Validate(CommandContext context, CompareSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ReadSpecs([settings.SpecA, settings.SpecB], Argument, out _);
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.ReadSpecs([settings.SpecA, settings.SpecB], Argument, out var specs);
        if (!result.Successful)
        {
            throw new CliException(result.Message ?? "bad SPEC");
        }

        var file = PlotSettings.Resolve(settings.Out ?? CompareSettings.DefaultOut);
        var notes = new List<string>();
        var series = settings.Evaluate(specs, notes, cancellationToken);
        var (a, b) = (series[0], series[1]);
        var difference = SeriesDifference.Of(a.Lr, b.Lr);
        var momentum = a.Momentum is { } ma && b.Momentum is { } mb ? SeriesDifference.Of(ma, mb) : null;

        var drawn = new[] { a with { Label = $"A: {a.Label}" }, b with { Label = $"B: {b.Label}" } };
        var options = new PlotOptions
        {
            Title = settings.Title ?? $"{a.Label} vs {b.Label}",
            Width = PlotSettings.Size("--width", settings.WidthText, PlotOptions.DefaultWidth),
            Height = PlotSettings.Size("--height", settings.HeightText, PlotOptions.DefaultHeight),
            LogY = settings.LogY,
            Styles = LineStyles.Comparison,
            Markers = difference.FirstDifference is { } first ? [new PlotMarker(first, $"first difference (step {first})")] : [],
        };
        var report = SchedulePlotter.Save(drawn, options, file);
        notes.AddRange(report.Notes);

        var text = new StringBuilder();
        Report(text, specs, a, b, difference, momentum);
        _output.Out.Write(text.ToString());
        PlotCommand.WriteResult(_output.Out, notes, file);
        return 0;
    }

    /// <summary>Writes the comparison, one fact per line.</summary>
    internal static void Report(StringBuilder text, IReadOnlyList<LabeledSpec> specs, ScheduleSeries a, ScheduleSeries b, SeriesDifference lr, SeriesDifference? momentum)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append($"A: {Heading(specs[0])}\n");
        text.Append($"B: {Heading(specs[1])}\n");
        var last = (lr.Compared - 1).ToString(CultureInfo.InvariantCulture);
        text.Append($"steps 0 to {last} ({lr.Compared.ToString(CultureInfo.InvariantCulture)} values compared)\n");
        foreach (var (who, s) in new[] { ("A", a), ("B", b) })
        {
            if (s.Lr.Length > lr.Compared)
            {
                text.Append($"note: {who} has {(s.Lr.Length - lr.Compared).ToString(CultureInfo.InvariantCulture)} more values, not compared\n");
            }
        }

        Lines(text, "learning rate", lr, a.Lr, b.Lr);
        if (momentum is not null)
        {
            Lines(text, "momentum", momentum, a.Momentum!, b.Momentum!);
        }
        else if (a.Momentum is not null || b.Momentum is not null)
        {
            text.Append($"momentum: only {(a.Momentum is not null ? "A" : "B")} cycles it, not compared\n");
        }
    }

    private static void Lines(StringBuilder text, string what, SeriesDifference d, IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        text.Append($"{what}: max |a - b| = {RowWriter.Format(d.MaxAbsolute)}{At(d.MaxAbsolute, d.MaxAbsoluteStep)}\n");
        text.Append($"{what}: max relative difference = {RowWriter.Format(d.MaxRelative)}{At(d.MaxRelative, d.MaxRelativeStep)}\n");
        if (d.FirstDifference is { } k)
        {
            text.Append($"{what}: first difference beyond 1e-12 at step {k.ToString(CultureInfo.InvariantCulture)}: a = {RowWriter.Format(a[(int)k])}, b = {RowWriter.Format(b[(int)k])}\n");
        }
        else
        {
            text.Append($"{what}: identical within 1e-12 (|a - b| <= 1e-12 * max(1, |a|, |b|) at every step)\n");
        }
    }

    private static string At(double value, long step) => value == 0 ? string.Empty : $" at step {step.ToString(CultureInfo.InvariantCulture)}";

    private static string Heading(LabeledSpec spec) => spec.IsLabelGiven ? $"{spec.Label} = {spec.Definition}" : spec.Definition.ToString()!;

    private static string Argument(int i) => i == 0 ? "SPEC_A" : "SPEC_B";
}
