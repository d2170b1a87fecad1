// The lab's full-data benchmark (README, "Benchmark: full Fashion-MNIST"): the schedules of `anneal lab` at a fixed
// budget, a small grid of constant learning rates, and constant rates at the LR range test's suggestions, each trained
// from the same seed on the full Fashion-MNIST. Prints one Markdown row per run.
//
//   dotnet run -c Release --project benchmarks/Anneal.Lab.FullData -- [--model mlp|cnn] [--epochs N] [--threads N]
//       [--data DIR] [--only schedules|grid|finder]
//
// The full data set: Debian's package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), or --data DIR with the
// four IDX files. The results in results/ were made with --threads 1 (results with more threads differ in the last
// digits of the losses, so a few tenths of accuracy).
using System.Globalization;
using Anneal;
using Anneal.Lab.Data;
using Anneal.Lab.Experiments;
using Anneal.Lab.Models;
using Anneal.Lab.Training;
using TorchSharp;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var arguments = Arguments.Parse(args);
if (arguments is null)
{
    return 2;
}

var (model, epochs, threads, dataDir, only) = arguments.Value;
const double BaseLr = 0.03;
const double Target = 0.90;
double[] grid = [0.01, 0.03, 0.1, 0.3];
string[] finderRules = ["valley", "minimum/10", "slide", "steep"];

torch.set_num_threads(threads);
FashionMnist data;
try
{
    data = FashionMnist.Load(dataDir);
}
catch (Exception ex) when (ex is IOException or IdxFormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot read Fashion-MNIST from {dataDir}: {ex.Message}");
    return 2;
}

using var tensors = new LabTensors(data);
var options = new TrainingOptions { Model = model, Epochs = epochs, Seed = 1 };
var started = DateTime.UtcNow;

Console.WriteLine($"# {model}, {epochs} epochs, {data.Train.Count:N0} train / {data.Test.Count:N0} test images, {threads} thread(s), seed 1");
Console.WriteLine();
Console.WriteLine("| group | run | spec | final acc. | best acc. | epochs to 90% | outcome | time | test accuracy per epoch |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");

if (only is null or "schedules")
{
    foreach (var plan in ScheduleComparison.Plans(BaseLr, epochs, options.StepsPerEpoch(tensors.TrainCount)))
    {
        Row("schedule", Trainer.Train(tensors, options, plan.Name, plan.Schedule));
    }
}

if (only is null or "grid")
{
    foreach (var lr in grid)
    {
        Row("grid", Trainer.Train(tensors, options, $"constant {lr}", new Constant(lr)));
    }
}

if (only is null or "finder")
{
    var range = RangeTestExperiment.Run(tensors, options);
    Console.WriteLine();
    Console.WriteLine($"LR range test ({range.Lrs.Count} points, stopped early: {range.StoppedEarly}): "
        + string.Join(", ", range.Suggestions.Select(s => $"{s.Rule} {s.Lr:R}")));
    Console.WriteLine();
    foreach (var suggestion in range.Suggestions.Where(s => finderRules.Contains(s.Rule)))
    {
        Row("finder", Trainer.Train(tensors, options, $"finder {suggestion.Rule} {suggestion.Lr:G3}", new Constant(suggestion.Lr)));
    }
}

Console.WriteLine();
Console.WriteLine($"Total {(DateTime.UtcNow - started).TotalMinutes:0.0} min.");
return 0;

void Row(string group, RunResult r) => Console.WriteLine(
    $"| {group} | {r.Name} | `{r.Spec}` | {100 * r.FinalAccuracy:0.00}% | {100 * r.BestAccuracy:0.00}% | "
    + $"{r.EpochsTo(Target)?.ToString(CultureInfo.InvariantCulture) ?? "never"} | {r.Outcome} | {r.Seconds:0} s | "
    + $"{string.Join(" ", r.Epochs.Select(e => (100 * e.TestAccuracy).ToString("0.0", CultureInfo.InvariantCulture)))} |");

/// <summary>The command line.</summary>
internal static class Arguments
{
    public static (ModelKind Model, int Epochs, int Threads, string Data, string? Only)? Parse(string[] args)
    {
        var model = ModelKind.Cnn;
        var epochs = 5;
        var threads = 1;
        var data = "/usr/share/datasets/fashion-mnist";
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--model" when value is "mlp" or "cnn":
                    model = value == "mlp" ? ModelKind.Mlp : ModelKind.Cnn;
                    break;
                case "--epochs" when int.TryParse(value, out var e) && e > 0:
                    epochs = e;
                    break;
                case "--threads" when int.TryParse(value, out var t) && t > 0:
                    threads = t;
                    break;
                case "--data" when value is not null:
                    data = value;
                    break;
                case "--only" when value is "schedules" or "grid" or "finder":
                    only = value;
                    break;
                default:
                    Console.Error.WriteLine($"error: unexpected '{args[i]} {value}'. Usage: [--model mlp|cnn] [--epochs N > 0] [--threads N > 0] [--data DIR] [--only schedules|grid|finder]");
                    return null;
            }

            i++;
        }

        return (model, epochs, threads, data, only);
    }
}
