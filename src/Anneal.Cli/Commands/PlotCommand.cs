using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// <c>anneal plot</c>: draws one or more schedules, overlaid with a legend, to a PNG or SVG file, and prints the
/// file's full path. The values are the rows <c>anneal export</c> prints for the same spec and steps.
/// </summary>
internal sealed class PlotCommand : Command<PlotSettings>, IAnnealCommand
{
    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where the path and notes go.</param>
    public PlotCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "plot";

    /// <inheritdoc />
    public static string Description => "Draw schedules to a PNG or SVG file, overlaid with a legend";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["plot", "\"CosineAnnealingDecay(learning_rate=0.1, T_max=100)\""],
        ["plot", "paddle=\"StepDecay(learning_rate=0.1, step_size=30)\"", "torch=\"torch.StepLR(lr=0.1, step_size=30)\"", "--steps", "100", "--out", "step.svg"],
        ["plot", "\"torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=200)\"", "--log-y", "--title", "\"One cycle\"", "--out", "one-cycle.png"],
        ["plot", "\"ReduceOnPlateau(learning_rate=0.1, patience=1)\"", "--metrics=1,0.9,0.9,0.9,0.8,0.8,0.8", "--width", "1200", "--height", "600"],
    ];

    /// <inheritdoc />
    public override ValidationResult Validate(CommandContext context, PlotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ReadSpecs(settings.Specs, i => SpecName(settings, i), out _);
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, PlotSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.ReadSpecs(settings.Specs, i => SpecName(settings, i), out var specs);
        if (!result.Successful)
        {
            throw new CliException(result.Message ?? "bad SPEC");
        }

        var file = settings.OutputFile;
        var notes = new List<string>();
        var series = settings.Evaluate(specs, notes, cancellationToken);
        var options = new PlotOptions
        {
            Title = settings.Title ?? (series.Count == 1 ? series[0].Label : null),
            Width = settings.Width,
            Height = settings.Height,
            LogY = settings.LogY,
        };
        var report = SchedulePlotter.Save(series, options, file);
        notes.AddRange(report.Notes);
        WriteResult(_output.Out, notes, file);
        return 0;
    }

    /// <summary>Prints the notes, then the path written.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="notes">One line each, prefixed <c>note: </c>.</param>
    /// <param name="file">The file written.</param>
    internal static void WriteResult(TextWriter output, IEnumerable<string> notes, PlotFile file)
    {
        foreach (var note in notes)
        {
            output.Write($"note: {AnnealApp.OneLine(note)}\n");
        }

        output.Write($"wrote {file.FullPath}\n");
        output.Flush();
    }

    private static string SpecName(PlotSettings settings, int i) => settings.Specs.Length == 1 ? "SPEC" : $"SPEC {i + 1}";
}
