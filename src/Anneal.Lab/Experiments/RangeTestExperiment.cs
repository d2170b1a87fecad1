using System.Globalization;
using Anneal.Lab.Models;
using Anneal.Lab.Report;
using Anneal.Lab.Training;
using Anneal.TorchSharp;
using ScottPlot;
using TorchSharp;

namespace Anneal.Lab.Experiments;

/// <summary>The LR range test on a lab model, and its chart.</summary>
public static class RangeTestExperiment
{
    /// <summary>
    /// Runs <see cref="LrRangeTest"/> on a freshly seeded model with SGD (momentum as in <paramref name="options"/>),
    /// on shuffled mini-batches of the training data (wrapping around if the sweep is longer than an epoch).
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Model, batch size, momentum, seed.</param>
    /// <param name="testOptions">The sweep; null for the defaults.</param>
    /// <param name="progress">Called after each step with its index, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The curve and suggestions.</returns>
    public static LrRangeTestResult Run(LabTensors data, TrainingOptions options, LrRangeTestOptions? testOptions = null, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        torch.manual_seed(options.Seed);
        using var model = LabModels.Create(options.Model);
        using var optimizer = torch.optim.SGD(model.parameters(), 1e-3, options.Momentum);
        using var order = Trainer.Shuffle(data.TrainCount, options.Seed, 0);
        using var x = data.TrainX.index_select(0, order);
        using var y = data.TrainY.index_select(0, order);
        var perEpoch = options.StepsPerEpoch(data.TrainCount);
        return LrRangeTest.Run(
            model,
            optimizer,
            i =>
            {
                var start = i % perEpoch * (long)options.BatchSize;
                var len = Math.Min(options.BatchSize, data.TrainCount - start);
                return torch.nn.functional.cross_entropy(model.forward(x.narrow(0, start, len)), y.narrow(0, start, len));
            },
            testOptions,
            progress,
            cancellationToken);
    }

    /// <summary>The smoothed loss against the learning rate (log scale), with every suggestion marked.</summary>
    /// <param name="result">The test.</param>
    /// <returns>The chart.</returns>
    public static Chart Chart(LrRangeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = ChartStyle.New("LR range test", "learning rate", "loss");
        var n = result.Lrs.Count;
        var logLrs = result.Lrs.Select(Math.Log10).ToArray();
        var finite = Enumerable.Range(0, n).Where(i => double.IsFinite(result.Losses[i])).ToArray();
        var raw = plot.Add.Scatter(finite.Select(i => logLrs[i]).ToArray(), finite.Select(i => result.Losses[i]).ToArray());
        raw.MarkerSize = 0;
        raw.LineWidth = 1;
        raw.Color = Colors.Gray.WithAlpha(0.5);
        raw.LegendText = "mini-batch loss";
        var smoothFinite = Enumerable.Range(0, n).Where(i => double.IsFinite(result.SmoothedLosses[i])).ToArray();
        var smooth = ChartStyle.Line(plot, smoothFinite.Select(i => logLrs[i]).ToArray(), smoothFinite.Select(i => result.SmoothedLosses[i]).ToArray(), "smoothed (EMA β = 0.98, bias corrected)", 2.5f);
        smooth.Color = Colors.Black;
        var palette = new ScottPlot.Palettes.Category10();
        var k = 1;
        foreach (var s in result.Suggestions)
        {
            var color = palette.GetColor(k++);
            var line = plot.Add.VerticalLine(Math.Log10(s.Lr));
            line.Color = color;
            line.LinePattern = LinePattern.Solid;
            line.LineWidth = 1.5f;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{s.Rule}: {ChartStyle.FormatLr(s.Lr)}");
            var mark = plot.Add.Marker(Math.Log10(s.MarkLr), s.MarkLoss, MarkerShape.FilledCircle, 10);
            mark.Color = color;
        }

        var finiteLosses = smoothFinite.Select(i => result.SmoothedLosses[i]).ToArray();
        if (finiteLosses.Length > 0)
        {
            // From just below the lowest smoothed loss to a bit above where it started: the part of the curve the rules read.
            var low = finiteLosses.Min();
            var first = finiteLosses[0];
            plot.Axes.SetLimitsY(Math.Max(0, low - (0.15 * Math.Max(0.5, first - low))), first + Math.Max(0.3, 0.5 * (first - low)));
        }

        ChartStyle.LogAxis(plot.Axes.Bottom);
        ChartStyle.Legend(plot, Alignment.UpperLeft);
        return new Chart(
            "lr-finder",
            "LR range test",
            "The loss while the learning rate rises exponentially, one mini-batch per rate; the test stops once the smoothed loss exceeds 4× its best. "
            + "Vertical lines: each rule's suggestion; dots: the point of the curve the rule picked (for minimum/10, the minimum itself).",
            plot);
    }
}
