using System.ComponentModel;
using System.Globalization;
using Anneal.Lab.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands.Lab;

/// <summary>The options <c>anneal lab</c> and <c>anneal find-lr</c> share: model, data, output folder, seed.</summary>
internal class LabCommonSettings : CommandSettings
{
    /// <summary>The models <c>--model</c> allows.</summary>
    public static readonly IReadOnlyList<string> ModelNames = ["mlp", "cnn"];

    /// <summary>The model: <c>mlp</c> or <c>cnn</c>.</summary>
    [CommandOption("--model <MODEL>")]
    [Description("mlp (784-256-128-10) or cnn (two 3x3 conv layers, 32 and 64 channels). Default mlp")]
    public string ModelName { get; init; } = "mlp";

    /// <summary>The data folder.</summary>
    [CommandOption("--data <DIR>")]
    [Description("A folder with Fashion-MNIST's four IDX files (gzipped or not). Default: /usr/share/datasets/fashion-mnist when installed, else the subset in data/fashion-mnist-subset")]
    public string? Data { get; init; }

    /// <summary>The output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("The output folder: report.html, PNGs and CSV for lab; lr-finder.png, .svg and .csv for find-lr. Default lab-report")]
    public string Out { get; init; } = "lab-report";

    /// <summary>The text of <c>--seed</c>.</summary>
    [CommandOption("--seed <N>")]
    [Description("The seed of the weights and the shuffling. Default 1")]
    public string? SeedText { get; init; }

    /// <summary>The text of <c>--threads</c>.</summary>
    [CommandOption("--threads <N>")]
    [Description("TorchSharp's CPU threads. Default: half the cores, at least 1 (on a busy 2-core machine one thread is faster than two)")]
    public string? ThreadsText { get; init; }

    /// <summary>The threads, or null for the default. Valid after <see cref="Validate"/>.</summary>
    public int? Threads => ThreadsText is null ? null : int.Parse(ThreadsText, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The model. Valid after <see cref="Validate"/>.</summary>
    public ModelKind Model => ModelName.Equals("cnn", StringComparison.OrdinalIgnoreCase) ? ModelKind.Cnn : ModelKind.Mlp;

    /// <summary>The seed. Valid after <see cref="Validate"/>.</summary>
    public long Seed => SeedText is null ? 1 : long.Parse(SeedText, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (!ModelNames.Contains(ModelName, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--model = '{ModelName}' is not allowed; expected one of: {string.Join(", ", ModelNames)}");
        }

        if (SeedText is not null && !long.TryParse(SeedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return ValidationResult.Error($"--seed = '{SeedText}' is not allowed; expected an integer");
        }

        if (!TryPositive("--threads", ThreadsText, 256, out var threadsProblem))
        {
            return ValidationResult.Error(threadsProblem);
        }

        if (Data is not null && !Directory.Exists(Data))
        {
            return ValidationResult.Error($"--data = '{Data}' is not a folder; expected a folder with train-images-idx3-ubyte.gz and the other three Fashion-MNIST files");
        }

        return ValidationResult.Success();
    }

    /// <summary>Parses a positive integer option, or explains what is allowed.</summary>
    protected static bool TryPositive(string option, string? text, int max, out string problem)
    {
        problem = string.Empty;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            problem = $"{option} = '{text}' is not allowed; expected an integer from 1 to {max}";
            return false;
        }

        return true;
    }
}

/// <summary>The arguments of <c>anneal lab [--quick] [--data DIR] [--model mlp|cnn] [--epochs N] [--out DIR] [--seed N]</c>.</summary>
internal sealed class LabSettings : LabCommonSettings
{
    /// <summary>The largest <c>--epochs</c>.</summary>
    public const int MaxEpochs = 1000;

    /// <summary>Quick mode.</summary>
    [CommandOption("--quick")]
    [Description("At most 10,000 training and 2,000 test images and fewer epochs: the whole report in about a minute on two cores")]
    public bool Quick { get; init; }

    /// <summary>The text of <c>--epochs</c>.</summary>
    [CommandOption("--epochs <N>")]
    [Description("The budget of the schedule comparison. Default 8 for the MLP and 5 for the CNN (6 and 3 with --quick)")]
    public string? EpochsText { get; init; }

    /// <summary>The epochs, or null. Valid after <see cref="Validate"/>.</summary>
    public int? Epochs => EpochsText is null ? null : int.Parse(EpochsText, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        return TryPositive("--epochs", EpochsText, MaxEpochs, out var problem) ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}

/// <summary>The arguments of <c>anneal find-lr [--model mlp|cnn] [--data DIR] [--out DIR] [--steps N] [--seed N]</c>.</summary>
internal sealed class FindLrSettings : LabCommonSettings
{
    /// <summary>The largest <c>--steps</c>.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>The text of <c>--steps</c>.</summary>
    [CommandOption("--steps <N>")]
    [Description("Mini-batches in the sweep from 1e-7 to 10. Default 100 (fastai's)")]
    public string? StepsText { get; init; }

    /// <summary>The steps. Valid after <see cref="Validate"/>.</summary>
    public int Steps => StepsText is null ? 100 : int.Parse(StepsText, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (!TryPositive("--steps", StepsText, MaxSteps, out var problem))
        {
            return ValidationResult.Error(problem);
        }

        return Steps < 2 ? ValidationResult.Error($"--steps = '{StepsText}' is not allowed; expected an integer from 2 to {MaxSteps}") : ValidationResult.Success();
    }
}
