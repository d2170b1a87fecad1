using System.Globalization;
using Anneal.Samples.TorchSharp;

// Trains a small model with warmup + cosine, checkpoints, resumes:
//   dotnet run --project samples/Anneal.Samples.TorchSharp                            # 60 steps
//   dotnet run --project samples/Anneal.Samples.TorchSharp -- --stop-after 25 --checkpoint ckpt
//   dotnet run --project samples/Anneal.Samples.TorchSharp -- --resume --checkpoint ckpt
var steps = 60;
int? stopAfter = null;
string? checkpoint = null;
var resume = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stop-after": stopAfter = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--checkpoint": checkpoint = args[++i]; break;
        case "--resume": resume = true; break;
        default:
            Console.Error.WriteLine("usage: Anneal.Samples.TorchSharp [--steps N] [--stop-after K --checkpoint DIR | --resume --checkpoint DIR]");
            return 2;
    }
}

if ((stopAfter is not null || resume) && checkpoint is null)
{
    Console.Error.WriteLine("error: --stop-after and --resume need --checkpoint DIR");
    return 2;
}

using var training = resume ? WarmupCosineTraining.Resume(checkpoint!, steps) : WarmupCosineTraining.Start(steps);
Console.WriteLine($"schedule: {training.Schedule}");
Console.WriteLine($"starting at step {training.NextStep}, loss {training.Loss():F4}");
Console.WriteLine("step        lr      loss");
foreach (var s in training.Train(stopAfter ?? steps))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Step,4}  {s.LearningRate,8:F5}  {s.Loss,8:F4}"));
}

if (stopAfter is not null)
{
    training.SaveCheckpoint(checkpoint!);
    Console.WriteLine($"checkpoint saved to {checkpoint} at step {training.NextStep}");
}
else
{
    Console.WriteLine($"done at step {training.NextStep}, loss {training.Loss():F4}");
}

return 0;
