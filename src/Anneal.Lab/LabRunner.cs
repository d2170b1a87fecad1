using System.Diagnostics;
using Anneal.Lab.Data;
using Anneal.Lab.Experiments;
using Anneal.Lab.Report;
using Anneal.Lab.Training;
using Anneal.TorchSharp;
using TorchSharp;

namespace Anneal.Lab;

/// <summary>The lab's stages, in the order they run.</summary>
public enum LabStage
{
    /// <summary>Reading the IDX files.</summary>
    Data,

    /// <summary>The effect of η: constant learning rates across five decades.</summary>
    EtaSweep,

    /// <summary>Schedules at an equal budget.</summary>
    Schedules,

    /// <summary>The LR range test.</summary>
    RangeTest,

    /// <summary>Charts, CSV files and report.html.</summary>
    Report,
}

/// <summary>Where the lab is: the stage, what it is doing, and how far the stage has got (0–1).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Detail">What it is doing, e.g. <c>cosine, epoch 3/8, loss 0.412</c>.</param>
/// <param name="Fraction">How much of the stage is done, 0–1.</param>
public readonly record struct LabProgress(LabStage Stage, string Detail, double Fraction);

/// <summary>Everything the lab ran and wrote.</summary>
/// <param name="Options">The options it ran with.</param>
/// <param name="DataSource">Where the data came from.</param>
/// <param name="TrainCount">The training images used.</param>
/// <param name="TestCount">The test images used.</param>
/// <param name="Eta">The η sweep.</param>
/// <param name="Schedules">The schedule comparison.</param>
/// <param name="Quadratic">The quadratic runs.</param>
/// <param name="RangeTest">The LR range test.</param>
/// <param name="Files">Every file written, report.html first.</param>
/// <param name="Elapsed">The wall time.</param>
public sealed record LabResult(
    LabOptions Options,
    string DataSource,
    int TrainCount,
    int TestCount,
    EtaSweepResult Eta,
    ScheduleComparisonResult Schedules,
    IReadOnlyList<QuadraticRun> Quadratic,
    LrRangeTestResult RangeTest,
    IReadOnlyList<string> Files,
    TimeSpan Elapsed)
{
    /// <summary>The report's path.</summary>
    public string ReportPath => Files[0];
}

/// <summary>
/// Runs the whole lab: reads the data, runs the four experiments, and writes <c>report.html</c> (self-contained, charts
/// as inline SVG), a PNG per chart, <c>steps.csv</c>, <c>epochs.csv</c> and <c>lr-finder.csv</c>.
/// </summary>
/// <remarks>The lab is silent: progress is reported through the callback, never the console.</remarks>
public static class LabRunner
{
    /// <summary>The training images of quick mode.</summary>
    public const int QuickTrain = 10_000;

    /// <summary>The test images of quick mode.</summary>
    public const int QuickTest = 2_000;

    /// <summary>Runs the lab.</summary>
    /// <param name="options">What to run and where to write.</param>
    /// <param name="progress">Called as the lab works, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>What ran and what was written.</returns>
    /// <exception cref="IdxFormatException">The data is missing or malformed.</exception>
    public static LabResult Run(LabOptions options, Action<LabProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Run(options, LoadData(options), progress, cancellationToken);
    }

    /// <summary>Finds and reads the data the options ask for, so that a caller can refuse bad data before it starts.</summary>
    /// <param name="options">The options (<see cref="LabOptions.DataDirectory"/>).</param>
    /// <returns>The whole data set (<see cref="Run(LabOptions, FashionMnist, Action{LabProgress}?, CancellationToken)"/> applies the limits).</returns>
    /// <exception cref="IdxFormatException">The data is missing or malformed.</exception>
    public static FashionMnist LoadData(LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FashionMnist.Load(FashionMnist.Locate(options.DataDirectory));
    }

    /// <summary>Runs the lab on data already read.</summary>
    /// <param name="options">What to run and where to write.</param>
    /// <param name="data">The data, from <see cref="LoadData"/>; the options' limits still apply.</param>
    /// <param name="progress">Called as the lab works, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>What ran and what was written.</returns>
    public static LabResult Run(LabOptions options, FashionMnist data, Action<LabProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var watch = Stopwatch.StartNew();
        Anneal.TorchSharp.NativeLibraryFix.EnsureTorchSharpLoadable();
        torch.set_num_threads(options.Threads ?? LabThreads.Default);

        var directory = data.Source;
        var trainLimit = options.TrainLimit ?? (options.Quick ? QuickTrain : int.MaxValue);
        var testLimit = options.TestLimit ?? (options.Quick ? QuickTest : int.MaxValue);
        data = data.Take(trainLimit, testLimit);
        progress?.Invoke(new LabProgress(LabStage.Data, $"{data.Train.Count:N0} training and {data.Test.Count:N0} test images from {directory}", 1));
        var fullData = data.Train.Count >= 60_000;
        var target = options.TargetAccuracy ?? (fullData ? 0.90 : 0.85);

        using var tensors = new LabTensors(data);
        var training = new TrainingOptions { Model = options.Model, Epochs = options.ScheduleEpochs, Seed = options.Seed };
        var stepsPerRun = (long)training.StepsPerEpoch(tensors.TrainCount);

        var sweepOptions = training with { Epochs = options.SweepEpochs };
        var sweepTotal = stepsPerRun * sweepOptions.Epochs * EtaSweep.DefaultLrs.Count;
        var sweepRun = 0;
        var eta = EtaSweep.Run(
            tensors,
            sweepOptions,
            EtaSweep.DefaultLrs,
            Report(progress, LabStage.EtaSweep, sweepTotal, stepsPerRun * sweepOptions.Epochs, () => sweepRun, r => sweepRun = r),
            cancellationToken);

        var plans = ScheduleComparison.Plans(options.BaseLr, training.Epochs, (int)stepsPerRun).Count;
        var scheduleRun = 0;
        var schedules = ScheduleComparison.Run(
            tensors,
            training,
            options.BaseLr,
            target,
            Report(progress, LabStage.Schedules, stepsPerRun * training.Epochs * plans, stepsPerRun * training.Epochs, () => scheduleRun, r => scheduleRun = r),
            cancellationToken);

        var rangeOptions = new LrRangeTestOptions { Steps = options.RangeTestSteps };
        var range = RangeTestExperiment.Run(
            tensors,
            training,
            rangeOptions,
            i => progress?.Invoke(new LabProgress(LabStage.RangeTest, $"step {i + 1}/{rangeOptions.Steps}", (i + 1.0) / rangeOptions.Steps)),
            cancellationToken);
        progress?.Invoke(new LabProgress(LabStage.RangeTest, "done", 1));

        var quadratic = Quadratic.Run();
        progress?.Invoke(new LabProgress(LabStage.Report, "charts", 0));
        var result = new LabResult(options, directory, data.Train.Count, data.Test.Count, eta, schedules, quadratic, range, [], watch.Elapsed);
        var files = ReportWriter.Write(result, options.OutputDirectory);
        progress?.Invoke(new LabProgress(LabStage.Report, "done", 1));
        return result with { Files = files, Elapsed = watch.Elapsed };
    }

    /// <summary>Turns per-run step progress into stage progress across the runs of an experiment.</summary>
    private static Action<TrainingProgress>? Report(Action<LabProgress>? progress, LabStage stage, long total, long perRun, Func<int> getRun, Action<int> setRun)
    {
        if (progress is null)
        {
            return null;
        }

        var lastName = string.Empty;
        return p =>
        {
            if (p.Run != lastName)
            {
                if (lastName.Length > 0)
                {
                    setRun(getRun() + 1);
                }

                lastName = p.Run;
            }

            var done = (getRun() * perRun) + p.Step;
            if (p.Step % 10 == 0 || p.Step == p.TotalSteps)
            {
                progress(new LabProgress(stage, FormattableString.Invariant($"{p.Run}, epoch {p.Epoch}, loss {p.Loss:0.###}"), Math.Min(1, (double)done / total)));
            }
        };
    }
}
