using System.Globalization;
using System.Text;
using Anneal.Cli.Analysis;
using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Anneal.Cli.Commands;

/// <summary>
/// <c>anneal show</c>: a schedule in the terminal, as a line chart in braille characters and a table of its key
/// points (start, peak, minimum, end, and the steps where it changes phase). 80 columns wide; plain text without
/// colour when stdout is not a terminal, so the output can be compared with a stored text.
/// </summary>
internal sealed class ShowCommand : Command<ShowSettings>, IAnnealCommand
{
    /// <summary>The width of the output, in columns.</summary>
    public const int Width = 80;

    /// <summary>The height of the chart, in text rows.</summary>
    public const int ChartHeight = 12;

    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where the chart and table go.</param>
    public ShowCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "show";

    /// <inheritdoc />
    public static string Description => "Show a schedule in the terminal: a chart and a table of its key points";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["show", "\"MultiStepDecay(learning_rate=0.1, milestones=[30, 80])\""],
        ["show", "\"Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10)\"", "--steps", "100"],
        ["show", "\"ReduceOnPlateau(learning_rate=0.1, patience=1)\"", "--metrics=1,0.9,0.9,0.9,0.8,0.8,0.8"],
    ];

    /// <inheritdoc />
    public override ValidationResult Validate(CommandContext context, ShowSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ReadSpecs([settings.Spec], _ => "SPEC", out _);
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, ShowSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.ReadSpecs([settings.Spec], _ => "SPEC", out var specs);
        if (!result.Successful)
        {
            throw new CliException(result.Message ?? "bad SPEC");
        }

        var notes = new List<string>();
        var series = settings.Evaluate(specs, notes, cancellationToken)[0];
        var terminal = ReferenceEquals(_output.Out, Console.Out) && !Console.IsOutputRedirected;
        _output.Out.Write(Render(series, specs[0], notes, terminal));
        _output.Out.Flush();
        return 0;
    }

    /// <summary>The whole output: heading, chart, table and notes, lines ending in <c>\n</c> without trailing spaces.</summary>
    /// <param name="series">The values.</param>
    /// <param name="spec">The spec and its label.</param>
    /// <param name="notes">Notes to print last.</param>
    /// <param name="colour">Whether to colour the chart and the table's heading (a terminal).</param>
    /// <returns>The text.</returns>
    internal static string Render(ScheduleSeries series, LabeledSpec spec, IEnumerable<string> notes, bool colour)
    {
        var buffer = new StringWriter { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(buffer),
        });
        console.Profile.Width = Width;

        var heading = spec.IsLabelGiven ? $"{spec.Label}: {spec.Definition}" : spec.Definition.ToString();
        console.Write(new Text(heading + "\n", new Style(decoration: Decoration.Bold)));
        console.Write(new Text(Steps(series) + "\n\n"));
        foreach (var line in TerminalChart.Render(series.Lr, Width, ChartHeight))
        {
            console.Write(new Text(line.Axis));
            console.Write(new Text(line.Plot + "\n", new Style(Color.Aqua)));
        }

        console.Write(new Text("\n"));
        console.Write(Table(series));
        foreach (var note in notes)
        {
            console.Write(new Text($"note: {AnnealApp.OneLine(note)}\n"));
        }

        return Trim(buffer.ToString());
    }

    private static string Steps(ScheduleSeries series)
    {
        var last = series.LastStep.ToString(CultureInfo.InvariantCulture);
        var driver = SeriesEvaluator.IsMetricDriven(series.Definition) ? $", one metric per step" : string.Empty;
        return $"steps 0 to {last} ({series.Lr.Length.ToString(CultureInfo.InvariantCulture)} values, as 'anneal export' prints them{driver})";
    }

    private static IRenderable Table(ScheduleSeries series)
    {
        var rows = KeyPoints.Find(series, out var omitted);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("step").RightAligned());
        table.AddColumn(new TableColumn("learning rate").RightAligned());
        if (series.Momentum is not null)
        {
            table.AddColumn(new TableColumn("momentum").RightAligned());
        }

        table.AddColumn(new TableColumn("what"));
        foreach (var row in rows)
        {
            var cells = new List<IRenderable>
            {
                new Text(row.Step.ToString(CultureInfo.InvariantCulture)),
                new Text(Number(row.Lr)),
            };
            if (series.Momentum is not null)
            {
                cells.Add(new Text(row.Momentum is { } m ? Number(m) : string.Empty));
            }

            cells.Add(new Text(row.What));
            table.AddRow(cells);
        }

        if (omitted > 0)
        {
            var more = $"{omitted.ToString(CultureInfo.InvariantCulture)} more phase change{(omitted == 1 ? string.Empty : "s")} (see 'anneal export')";
            table.Caption(more);
        }

        return table;
    }

    /// <summary>A value as the table prints it: up to 6 significant digits.</summary>
    internal static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>Removes the spaces Spectre pads lines with, and carriage returns.</summary>
    private static string Trim(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        // Split leaves one empty piece after the final line break.
        return builder.ToString(0, builder.Length - 1);
    }
}
