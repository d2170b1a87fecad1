using System.Globalization;
using Anneal.Lab;
using Anneal.Lab.Data;
using Anneal.Lab.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands.Lab;

/// <summary>
/// <c>anneal lab</c>: trains the lab's models on Fashion-MNIST to show the effect of η, schedules at an equal budget,
/// the classic gradient-descent picture and the LR range test; prints a summary and writes a self-contained report.
/// </summary>
internal sealed class LabCommand : Command<LabSettings>, IAnnealCommand
{
    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where progress and the summary go.</param>
    public LabCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "lab";

    /// <inheritdoc />
    public static string Description => "Train on Fashion-MNIST to show what the learning rate and schedules do; write an HTML report";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["lab", "--quick"],
        ["lab", "--model", "cnn", "--epochs", "5", "--out", "cnn-report"],
        ["lab", "--data", "/usr/share/datasets/fashion-mnist", "--model", "mlp"],
    ];

    /// <summary>The stages and their labels.</summary>
    internal static IReadOnlyList<(LabStage Stage, string Label)> Stages { get; } =
    [
        (LabStage.Data, "data"),
        (LabStage.EtaSweep, "effect of η"),
        (LabStage.Schedules, "schedules"),
        (LabStage.RangeTest, "LR range test"),
        (LabStage.Report, "report"),
    ];

    /// <inheritdoc />
    public override int Execute(CommandContext context, LabSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new LabOptions
        {
            Model = settings.Model,
            Epochs = settings.Epochs,
            Quick = settings.Quick,
            DataDirectory = settings.Data,
            OutputDirectory = settings.Out,
            Seed = settings.Seed,
            Threads = settings.Threads,
        };
        FashionMnist data;
        try
        {
            // Before any progress line: bad data is bad input, with nothing on stdout.
            data = LabRunner.LoadData(options);
        }
        catch (IdxFormatException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        var console = new LabConsole(_output);
        var result = console.Run(Stages, progress => LabRunner.Run(options, data, progress, cancellationToken));

        var table = new Table().Border(TableBorder.Rounded).Title("Anneal lab: " + Markup.Escape(Path.GetFullPath(result.ReportPath)));
        table.AddColumns("experiment", "run", "outcome", "final acc.", $"epochs to {Pct(result.Schedules.Target)}");
        foreach (var row in ReportWriter.Summary(result))
        {
            table.AddRow(
                Markup.Escape(row.Experiment),
                Markup.Escape(row.Run),
                Markup.Escape(row.Outcome),
                Pct(row.FinalAccuracy),
                row.EpochsToTarget?.ToString(CultureInfo.InvariantCulture) ?? "never");
        }

        console.Console.Write(table);
        var suggestions = string.Join(", ", result.RangeTest.Suggestions.Select(s => $"{s.Rule} {ChartStyleText.Lr(s.Lr)}"));
        console.Console.WriteLine($"LR range test: {suggestions}");
        console.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.TrainCount:N0} training / {result.TestCount:N0} test images from {result.DataSource}; {result.Elapsed.TotalSeconds:0} s"));
        console.Console.WriteLine($"report: {result.ReportPath}");
        _output.Out.Flush();
        return 0;
    }

    private static string Pct(double value) => string.Create(CultureInfo.InvariantCulture, $"{100 * value:0.0}%");
}

/// <summary>Short learning-rate text for the console.</summary>
internal static class ChartStyleText
{
    /// <summary><c>0.03</c>, <c>3e-05</c>.</summary>
    public static string Lr(double lr)
        => lr is >= 1e-3 and < 1e4 ? lr.ToString("0.####", CultureInfo.InvariantCulture) : lr.ToString("0.##e0", CultureInfo.InvariantCulture);
}
