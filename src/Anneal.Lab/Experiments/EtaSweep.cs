using Anneal.Lab.Report;
using Anneal.Lab.Training;
using ScottPlot;

namespace Anneal.Lab.Experiments;

/// <summary>The effect of η: the same model trained with constant learning rates across five decades.</summary>
/// <param name="Runs">One run per learning rate, smallest first.</param>
/// <param name="Lrs">The learning rates.</param>
public sealed record EtaSweepResult(IReadOnlyList<RunResult> Runs, IReadOnlyList<double> Lrs)
{
    /// <summary>The run with the best final accuracy.</summary>
    public RunResult Best => Runs.MaxBy(r => r.FinalAccuracy)!;

    /// <summary>What happened to a run, in a few words, compared with the best one.</summary>
    /// <param name="index">The run's index.</param>
    /// <returns>"diverged (NaN loss)", "diverged silently (stuck at chance)", "crawls", "too large: oscillates", "best" or "good".</returns>
    public string Verdict(int index)
    {
        var run = Runs[index];
        var bestIndex = Runs.ToList().IndexOf(Best);
        return run.Outcome switch
        {
            RunOutcome.Diverged => "diverged (NaN loss)",
            _ when index == bestIndex => "best",
            _ when index < bestIndex && run.FinalAccuracy < Best.FinalAccuracy - 0.03 => "crawls",
            RunOutcome.StuckAtChance => "diverged silently (stuck at chance)",
            _ when run.FinalAccuracy < Best.FinalAccuracy - 0.03 => "too large: oscillates",
            _ => "good",
        };
    }
}

/// <summary>Runs and draws the η sweep.</summary>
public static class EtaSweep
{
    /// <summary>The default learning rates: 1e-5 to 1, one per decade.</summary>
    public static IReadOnlyList<double> DefaultLrs { get; } = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0];

    /// <summary>Trains one model per learning rate.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">The training options (the same for every run).</param>
    /// <param name="lrs">The learning rates.</param>
    /// <param name="progress">Called after every step, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The runs.</returns>
    public static EtaSweepResult Run(LabTensors data, TrainingOptions options, IReadOnlyList<double> lrs, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lrs);
        var runs = lrs.Select(lr => Trainer.Train(data, options, "η = " + ChartStyle.FormatLr(lr), new Constant(lr), progress, cancellationToken)).ToArray();
        return new EtaSweepResult(runs, lrs);
    }

    /// <summary>The training loss per step of every run (smoothed), with diverged runs marked where they stopped.</summary>
    /// <param name="result">The sweep.</param>
    /// <returns>The chart.</returns>
    public static Chart LossChart(EtaSweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = ChartStyle.New("The effect of η: training loss at a constant learning rate", "step", "training loss (moving average)");
        var ceiling = 3.0;
        for (var i = 0; i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            var finite = run.Steps.Where(s => double.IsFinite(s.Loss)).ToArray();
            var smooth = ChartStyle.Smooth(finite.Select(s => s.Loss).ToArray()).Select(v => Math.Min(v, ceiling)).ToArray();
            var (xs, ys) = ChartStyle.Thin(finite.Select(s => (double)s.Step).ToArray(), smooth);
            var line = ChartStyle.Line(plot, xs, ys, $"{run.Name}: {result.Verdict(i)}");
            if (run.Outcome == RunOutcome.Diverged && xs.Length > 0)
            {
                var marker = plot.Add.Marker(xs[^1], ys[^1], MarkerShape.Eks, 14);
                marker.Color = line.Color;
            }
        }

        plot.Axes.SetLimitsY(0, ceiling + 0.1);
        ChartStyle.Legend(plot);
        return new Chart(
            "eta-loss",
            "The effect of η",
            "Training loss (exponential moving average of the mini-batch loss) per step, one line per constant learning rate. "
            + "Too small and the loss crawls; too large and it oscillates, then blows up (× marks a NaN loss; values above 3 are clipped; ln 10 ≈ 2.3 is chance).",
            plot);
    }
}
