using System.Globalization;
using Anneal.Lab;
using Anneal.Lab.Data;
using Anneal.Lab.Experiments;
using Anneal.Lab.Report;
using Anneal.Lab.Training;
using Anneal.TorchSharp;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Anneal.Cli.Commands.Lab;

/// <summary>
/// <c>anneal find-lr</c>: the LR range test on a lab model: an exponential sweep, the smoothed loss, each rule's
/// suggestion, and a plot with the suggestions marked.
/// </summary>
internal sealed class FindLrCommand : Command<FindLrSettings>, IAnnealCommand
{
    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where progress and the suggestions go.</param>
    public FindLrCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "find-lr";

    /// <inheritdoc />
    public static string Description => "Run the LR range test on a lab model and suggest learning rates (fastai's rules and the steepest gradient)";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["find-lr"],
        ["find-lr", "--model", "cnn", "--out", "finder"],
        ["find-lr", "--data", "/usr/share/datasets/fashion-mnist", "--steps", "200"],
    ];

    /// <inheritdoc />
    public override int Execute(CommandContext context, FindLrSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FashionMnist data;
        try
        {
            // Before any progress line: bad data is bad input, with nothing on stdout.
            data = FashionMnist.Load(FashionMnist.Locate(settings.Data));
        }
        catch (IdxFormatException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        var console = new LabConsole(_output);
        var result = console.Run(
            [(LabStage.Data, "data"), (LabStage.RangeTest, "LR range test")],
            progress =>
            {
                Anneal.TorchSharp.NativeLibraryFix.EnsureTorchSharpLoadable();
                torch.set_num_threads(settings.Threads ?? LabThreads.Default);
                using var tensors = new LabTensors(data);
                progress(new LabProgress(LabStage.Data, data.Source, 1));
                var options = new TrainingOptions { Model = settings.Model, Seed = settings.Seed };
                var test = RangeTestExperiment.Run(
                    tensors,
                    options,
                    new LrRangeTestOptions { Steps = settings.Steps },
                    i => progress(new LabProgress(LabStage.RangeTest, $"step {i + 1}/{settings.Steps}", (i + 1.0) / settings.Steps)),
                    cancellationToken);
                progress(new LabProgress(LabStage.RangeTest, "done", 1));
                return test;
            });
        var source = data.Source;

        Directory.CreateDirectory(settings.Out);
        var chart = RangeTestExperiment.Chart(result);
        var png = chart.SavePng(settings.Out);
        var svg = Path.Combine(settings.Out, chart.Name + ".svg");
        File.WriteAllText(svg, chart.ToInlineSvg());
        var csv = Path.Combine(settings.Out, "lr-finder.csv");
        CsvFiles.WriteRangeTest(csv, result);

        var table = new Table().Border(TableBorder.Rounded).Title("LR range test");
        table.AddColumns("rule", "suggested η", "how it reads the curve");
        foreach (var s in result.Suggestions)
        {
            table.AddRow(Markup.Escape(s.Rule), ChartStyleText.Lr(s.Lr), Markup.Escape(ReportWriter.RuleText(s.Rule)));
        }

        console.Console.Write(table);
        console.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Lrs.Count} steps from {ChartStyleText.Lr(result.Lrs[0])} to {ChartStyleText.Lr(result.Lrs[^1])}{(result.StoppedEarly ? " (stopped: the smoothed loss passed 4x its best)" : string.Empty)}; data {source}"));
        console.Console.WriteLine($"plot: {png}, {svg}; curve: {csv}");
        _output.Out.Flush();
        return 0;
    }
}
