using System.Globalization;
using System.Text;
using Anneal.Lab.Training;
using Anneal.TorchSharp;

namespace Anneal.Lab.Report;

/// <summary>Writes the lab's CSV files (invariant culture, round-trip numbers, LF line ends): every step, every epoch, the LR range test.</summary>
public static class CsvFiles
{
    /// <summary><c>experiment,run,step,epoch,lr,loss</c>: one row per optimizer step of every run.</summary>
    /// <param name="path">The file.</param>
    /// <param name="runs">The runs and the experiment each belongs to.</param>
    public static void WriteSteps(string path, IEnumerable<(string Experiment, RunResult Run)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("experiment,run,step,epoch,lr,loss\n");
        foreach (var (experiment, run) in runs)
        {
            foreach (var s in run.Steps)
            {
                writer.Write(Invariant($"{experiment},{Quote(run.Name)},{s.Step},{s.Epoch},{R(s.Lr)},{R(s.Loss)}\n"));
            }
        }
    }

    /// <summary><c>experiment,run,epoch,train_loss,test_loss,test_accuracy,lr</c>: one row per epoch of every run.</summary>
    /// <param name="path">The file.</param>
    /// <param name="runs">The runs and the experiment each belongs to.</param>
    public static void WriteEpochs(string path, IEnumerable<(string Experiment, RunResult Run)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("experiment,run,epoch,train_loss,test_loss,test_accuracy,lr\n");
        foreach (var (experiment, run) in runs)
        {
            foreach (var e in run.Epochs)
            {
                writer.Write(Invariant($"{experiment},{Quote(run.Name)},{e.Epoch},{R(e.TrainLoss)},{R(e.TestLoss)},{R(e.TestAccuracy)},{R(e.Lr)}\n"));
            }
        }
    }

    /// <summary><c>step,lr,loss,smoothed_loss</c> of the LR range test.</summary>
    /// <param name="path">The file.</param>
    /// <param name="result">The test.</param>
    public static void WriteRangeTest(string path, LrRangeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("step,lr,loss,smoothed_loss\n");
        for (var i = 0; i < result.Lrs.Count; i++)
        {
            writer.Write(Invariant($"{i},{R(result.Lrs[i])},{R(result.Losses[i])},{R(result.SmoothedLosses[i])}\n"));
        }
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
