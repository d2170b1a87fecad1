using Anneal.Lab.Models;

namespace Anneal.Lab;

/// <summary>What <see cref="LabRunner"/> runs and where it writes.</summary>
public sealed record LabOptions
{
    /// <summary>The model. The default value is <see cref="ModelKind.Mlp"/>.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>The budget of the schedule comparison in epochs; null for the default (8 for the MLP, 5 for the CNN; 6 and 3 with <see cref="Quick"/>).</summary>
    public int? Epochs { get; init; }

    /// <summary>
    /// Quick mode: at most 10,000 training and 2,000 test images (the shipped subset's size) and fewer epochs, so the
    /// whole report takes about a minute on two cores. The default value is false.
    /// </summary>
    public bool Quick { get; init; }

    /// <summary>The data folder; null to look for it (<see cref="Data.FashionMnist.Locate"/>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where the report goes. The default value is <c>lab-report</c>.</summary>
    public string OutputDirectory { get; init; } = "lab-report";

    /// <summary>The seed of every run. The default value is 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The accuracy for "epochs to target"; null for the default (90% on the full data set, 85% on a subset).</summary>
    public double? TargetAccuracy { get; init; }

    /// <summary>The constant learning rate the schedules are built around. The default value is 0.03.</summary>
    public double BaseLr { get; init; } = Experiments.ScheduleComparison.DefaultBaseLr;

    /// <summary>At most this many training images (null: all, or 10,000 with <see cref="Quick"/>).</summary>
    public int? TrainLimit { get; init; }

    /// <summary>At most this many test images (null: all, or 2,000 with <see cref="Quick"/>).</summary>
    public int? TestLimit { get; init; }

    /// <summary>The number of steps of the LR range test. The default value is 100 (fastai's).</summary>
    public int RangeTestSteps { get; init; } = 100;

    /// <summary>
    /// TorchSharp's CPU threads; null for half the cores (at least one). On a busy two-core machine two libtorch
    /// threads were measured 1.3–7× slower than one, so the default leaves a core free.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>The epochs of the schedule comparison.</summary>
    public int ScheduleEpochs => Epochs ?? (Model, Quick) switch
    {
        (ModelKind.Mlp, false) => 8,
        (ModelKind.Mlp, true) => 6,
        (_, false) => 5,
        (_, true) => 3,
    };

    /// <summary>The epochs of each η-sweep run: at most 3, at most 2 with <see cref="Quick"/>.</summary>
    public int SweepEpochs => Math.Min(ScheduleEpochs, Quick ? 2 : 3);
}

/// <summary>Helpers for <see cref="LabOptions"/>.</summary>
public static class LabThreads
{
    /// <summary>The default number of TorchSharp threads: half the cores, at least one.</summary>
    public static int Default => Math.Max(1, Environment.ProcessorCount / 2);
}
