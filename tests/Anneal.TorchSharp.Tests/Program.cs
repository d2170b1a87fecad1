using System.Globalization;
using Anneal.Samples.TorchSharp;
using Anneal.TorchSharp;
using TorchSharp;

namespace Anneal.TorchSharp.Tests;

/// The test assembly's entry point (GenerateProgramFile is off). The test runner never calls it; tests start this
/// assembly in a child process to use torch from a fresh process:
/// - "fallback-probe": the runtime-fallback test;
/// - "checkpoint-train DIR TOTAL STOP" / "checkpoint-resume DIR TOTAL": the sample's training run, interrupted after
///   STOP steps with a checkpoint in DIR, then resumed from it to TOTAL.
public static class Program
{
    public const string FallbackProbe = "fallback-probe";
    public const string CheckpointTrain = "checkpoint-train";
    public const string CheckpointResume = "checkpoint-resume";

    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == CheckpointTrain)
        {
            using var training = WarmupCosineTraining.Start(Int(args[2]));
            var steps = training.Train(Int(args[3]));
            training.SaveCheckpoint(args[1]);
            Report(training, steps);
            return 0;
        }

        if (args.Length == 3 && args[0] == CheckpointResume)
        {
            using var training = WarmupCosineTraining.Resume(args[1], Int(args[2]));
            Report(training, training.Train(training.TotalSteps));
            return 0;
        }

        if (args.Length != 1 || args[0] != FallbackProbe)
        {
            Console.Error.WriteLine($"usage: dotnet Anneal.TorchSharp.Tests.dll {FallbackProbe} | {CheckpointTrain} DIR TOTAL STOP | {CheckpointResume} DIR TOTAL");
            return 2;
        }

        Console.WriteLine("fix=" + NativeLibraryFix.EnsureTorchSharpLoadable());
        Console.Out.Flush();
        using var values = torch.tensor(new[] { 1f, 2f, 3f });
        using var doubled = values * 2;
        using var sum = doubled.sum();
        Console.WriteLine("value=" + sum.item<float>().ToString(CultureInfo.InvariantCulture));
        foreach (var path in NativeLibraryFix.LoadedTorchSharpNativeLibraries())
        {
            Console.WriteLine("loaded=" + path);
        }

        return 0;
    }

    /// One line per step ("step K LR LOSS", round-trip exact), then "weights" and every weight's bits.
    private static void Report(WarmupCosineTraining training, IReadOnlyList<TrainingStep> steps)
    {
        foreach (var s in steps)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {s.Step} {s.LearningRate:R} {s.Loss:R}"));
        }

        Console.WriteLine("weights " + string.Join(' ', training.Weights().Select(w => BitConverter.SingleToInt32Bits(w).ToString("x8", CultureInfo.InvariantCulture))));
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
