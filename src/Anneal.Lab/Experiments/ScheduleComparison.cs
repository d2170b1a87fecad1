using Anneal.Lab.Report;
using Anneal.Lab.Training;
using ScottPlot;

namespace Anneal.Lab.Experiments;

/// <summary>One schedule of the comparison: a name for people and the schedule itself.</summary>
/// <param name="Name">The name, e.g. <c>cosine</c>.</param>
/// <param name="Schedule">The schedule (per step) or ReduceOnPlateau (per epoch).</param>
public sealed record SchedulePlan(string Name, IScheduleDefinition Schedule);

/// <summary>Schedules at an equal budget: every run has the same model, seed, data and number of steps.</summary>
/// <param name="Runs">One run per schedule.</param>
/// <param name="BaseLr">The constant learning rate the schedules are built around.</param>
/// <param name="Target">The accuracy for "epochs to target".</param>
public sealed record ScheduleComparisonResult(IReadOnlyList<RunResult> Runs, double BaseLr, double Target);

/// <summary>Runs and draws the schedule comparison.</summary>
public static class ScheduleComparison
{
    /// <summary>The best constant learning rate of DESIGN.md's reference runs (SGD, momentum 0.9, batch 128), for both models.</summary>
    public const double DefaultBaseLr = 0.03;

    /// <summary>
    /// The schedules compared, all over <c>epochs × stepsPerEpoch</c> steps around the base rate <c>b</c>: constant
    /// <c>b</c>; StepDecay from <c>b</c>, ×0.3 every third of the run; CosineAnnealingDecay from <c>b</c> to 0;
    /// LinearWarmup over the first 10% to <c>3b</c>, then cosine; OneCycleLR with maximum <c>3b</c>; ReduceOnPlateau
    /// from <c>b</c>, ×0.3 after an epoch without a better test loss.
    /// </summary>
    /// <param name="baseLr">The base rate <c>b</c>.</param>
    /// <param name="epochs">The epochs.</param>
    /// <param name="stepsPerEpoch">The mini-batches per epoch.</param>
    /// <returns>The plans.</returns>
    public static IReadOnlyList<SchedulePlan> Plans(double baseLr, int epochs, int stepsPerEpoch)
    {
        var total = (long)epochs * stepsPerEpoch;
        var third = Math.Max(1, (total + 2) / 3);
        var warmup = Math.Max(1, total / 10);
        var peak = 3 * baseLr;
        return
        [
            new("constant", new Constant(baseLr)),
            new("StepDecay", new StepDecay(learningRate: baseLr, stepSize: third, gamma: 0.3)),
            new("cosine", new CosineAnnealingDecay(learningRate: baseLr, tMax: total)),
            new("warmup + cosine", Schedule.Parse(Invariant($"LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate={peak}, T_max={total - warmup}), warmup_steps={warmup}, start_lr=0.0, end_lr={peak})"))),
            new("OneCycleLR", Schedule.Parse(Invariant($"OneCycleLR(max_learning_rate={peak}, total_steps={total})"))),
            new("ReduceOnPlateau", ScheduleSpec.Parse(Invariant($"ReduceOnPlateau(learning_rate={baseLr}, factor=0.3, patience=0)"))),
        ];
    }

    /// <summary>Trains one model per schedule.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">The training options (the same for every run).</param>
    /// <param name="baseLr">The base rate.</param>
    /// <param name="target">The accuracy for "epochs to target".</param>
    /// <param name="progress">Called after every step, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The runs.</returns>
    public static ScheduleComparisonResult Run(LabTensors data, TrainingOptions options, double baseLr, double target, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var plans = Plans(baseLr, options.Epochs, options.StepsPerEpoch(data.TrainCount));
        var runs = plans.Select(p => Trainer.Train(data, options, p.Name, p.Schedule, progress, cancellationToken)).ToArray();
        return new ScheduleComparisonResult(runs, baseLr, target);
    }

    /// <summary>The learning rate of every step, per schedule.</summary>
    /// <param name="result">The comparison.</param>
    /// <returns>The chart.</returns>
    public static Chart LrChart(ScheduleComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = ChartStyle.New("Schedules at an equal budget: learning rate", "step", "learning rate");
        foreach (var run in result.Runs)
        {
            var (xs, ys) = ChartStyle.Thin(run.Steps.Select(s => (double)s.Step).ToArray(), run.Steps.Select(s => s.Lr).ToArray());
            ChartStyle.Line(plot, xs, ys, run.Name, 2.2f);
        }

        ChartStyle.Legend(plot);
        return new Chart("schedules-lr", "Learning rate per step", "The learning rate each schedule gave at every step. ReduceOnPlateau changes it only between epochs, and lies on the constant line until its first cut.", plot);
    }

    /// <summary>The training loss per step (smoothed), per schedule.</summary>
    /// <param name="result">The comparison.</param>
    /// <returns>The chart.</returns>
    public static Chart LossChart(ScheduleComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = ChartStyle.New("Schedules at an equal budget: training loss", "step", "training loss (moving average)");
        var top = 0.0;
        var bottom = double.PositiveInfinity;
        foreach (var run in result.Runs)
        {
            var finite = run.Steps.Where(s => double.IsFinite(s.Loss)).ToArray();
            var smooth = ChartStyle.Smooth(finite.Select(s => s.Loss).ToArray());
            var (xs, ys) = ChartStyle.Thin(finite.Select(s => (double)s.Step).ToArray(), smooth);
            ChartStyle.Line(plot, xs, ys, run.Name);
            if (ys.Length > 10)
            {
                top = Math.Max(top, ys.Skip(ys.Length / 10).Max());
                bottom = Math.Min(bottom, ys.Min());
            }
        }

        if (top > 0 && double.IsFinite(bottom))
        {
            plot.Axes.SetLimitsY(Math.Max(0, bottom - 0.05), Math.Min(3, top + 0.05));
        }

        ChartStyle.Legend(plot);
        return new Chart("schedules-loss", "Training loss per step", "Training loss (exponential moving average, β = 0.98) per step; the first tenth of the run is above the chart's top so that the end, where schedules differ, is readable.", plot);
    }

    /// <summary>The test accuracy after every epoch, per schedule, with the target as a grey line.</summary>
    /// <param name="result">The comparison.</param>
    /// <returns>The chart.</returns>
    public static Chart AccuracyChart(ScheduleComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = ChartStyle.New("Schedules at an equal budget: test accuracy", "epoch", "test accuracy (%)");
        var low = 100.0;
        var high = 0.0;
        foreach (var run in result.Runs)
        {
            var xs = run.Epochs.Select(e => (double)e.Epoch).ToArray();
            var ys = run.Epochs.Select(e => 100 * e.TestAccuracy).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = run.Name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (ys.Length > 0)
            {
                low = Math.Min(low, ys.Skip(ys.Length > 2 ? 1 : 0).Min());
                high = Math.Max(high, ys.Max());
            }
        }

        var target = plot.Add.HorizontalLine(100 * result.Target);
        target.LinePattern = LinePattern.Solid;
        target.LineWidth = 1.5f;
        target.Color = Colors.Gray;
        target.LegendText = Invariant($"target {100 * result.Target:0.#}%");
        plot.Axes.SetLimitsY(Math.Max(0, Math.Min(low, 100 * result.Target) - 1), Math.Min(100, Math.Max(high, 100 * result.Target) + 1));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        ChartStyle.Legend(plot, Alignment.UpperLeft);
        return new Chart("schedules-accuracy", "Test accuracy per epoch", "Test accuracy after every epoch; the grey line is the target of the \"epochs to target\" column. The first epoch is below the chart when it is far below the rest.", plot);
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
