using Anneal.TorchSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.Samples.TorchSharp;

/// <summary>One optimizer step: the step's index, the learning rate it used and the batch loss.</summary>
public readonly record struct TrainingStep(long Step, double LearningRate, double Loss);

/// <summary>
/// Trains a small MLP on a synthetic regression task with SGD (momentum 0.9), one batch per step, under a linear
/// warmup followed by a cosine decay, and saves / resumes checkpoints. Everything is seeded and the batch is a
/// function of the step, so a run resumed from a checkpoint ends with the same weights as an uninterrupted one.
/// </summary>
public sealed class WarmupCosineTraining : IDisposable
{
    public const int Seed = 2024;
    public const int WarmupSteps = 5;
    public const double PeakLr = 0.05;
    public const int Features = 8;
    public const int BatchSize = 32;
    public const int Batches = 8;

    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly Sequential _model;
    private readonly SGD _optimizer;
    private AnnealLRScheduler _scheduler = null!;

    private WarmupCosineTraining(int totalSteps)
    {
        TotalSteps = totalSteps;
        Schedule = CreateSchedule(totalSteps);

        // The data and the initial weights come from one seed.
        torch.manual_seed(Seed);
        var a = torch.randn(Features, 1);
        var b = torch.randn(Features, 1);
        _inputs = torch.randn(Batches * BatchSize, Features);
        _targets = torch.sin(_inputs.matmul(a)) + (0.5 * _inputs.matmul(b));
        _model = nn.Sequential(nn.Linear(Features, 32), nn.Tanh(), nn.Linear(32, 1));
        _optimizer = torch.optim.SGD(_model.parameters(), PeakLr, momentum: 0.9);
    }

    /// <summary>The schedule: 0 → <see cref="PeakLr"/> over <see cref="WarmupSteps"/> steps, then a cosine to 0 at <paramref name="totalSteps"/>.</summary>
    public static Schedule CreateSchedule(int totalSteps)
        => new CosineAnnealingDecay(PeakLr, tMax: totalSteps - WarmupSteps).WithWarmup(WarmupSteps);

    public int TotalSteps { get; }

    public Schedule Schedule { get; }

    public AnnealLRScheduler Scheduler => _scheduler;

    /// <summary>The next step to run (the scheduler's epoch).</summary>
    public long NextStep => _scheduler.LastEpoch;

    /// <summary>A fresh run at step 0.</summary>
    public static WarmupCosineTraining Start(int totalSteps)
    {
        var training = new WarmupCosineTraining(totalSteps);
        training._scheduler = training._optimizer.UseSchedule(training.Schedule);
        return training;
    }

    /// <summary>A run resumed from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    public static WarmupCosineTraining Resume(string checkpointDirectory, int totalSteps)
    {
        var training = new WarmupCosineTraining(totalSteps);
        try
        {
            training._scheduler = Checkpoint.Restore(checkpointDirectory, training._optimizer, training._model);
            if (!training._scheduler.Definition.Equals(training.Schedule))
            {
                throw new InvalidOperationException($"the checkpoint follows {training._scheduler.Definition}, not this run's {training.Schedule}");
            }

            return training;
        }
        catch
        {
            training.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="steps"/> steps (at most up to <see cref="TotalSteps"/>).</summary>
    public IReadOnlyList<TrainingStep> Train(int steps)
    {
        var result = new List<TrainingStep>();
        for (var i = 0; i < steps && NextStep < TotalSteps; i++)
        {
            result.Add(TrainStep());
        }

        return result;
    }

    /// <summary>One step: forward, backward, <c>optimizer.step()</c>, <c>scheduler.step()</c>.</summary>
    public TrainingStep TrainStep()
    {
        var step = NextStep;
        var lr = _scheduler.get_last_lr().First();
        using var scope = torch.NewDisposeScope();
        var start = (int)(step % Batches) * BatchSize;
        var x = _inputs[start..(start + BatchSize)];
        var y = _targets[start..(start + BatchSize)];
        _optimizer.zero_grad();
        var loss = nn.functional.mse_loss(_model.forward(x), y);
        loss.backward();
        _optimizer.step();
        _scheduler.step();
        return new TrainingStep(step, lr, loss.item<float>());
    }

    /// <summary>The loss over the whole data set.</summary>
    public double Loss()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return nn.functional.mse_loss(_model.forward(_inputs), _targets).item<float>();
    }

    public void SaveCheckpoint(string directory) => Checkpoint.Save(directory, _optimizer, _scheduler, _model);

    /// <summary>Every weight of the model, in parameter order.</summary>
    public float[] Weights() => _model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _inputs.Dispose();
        _targets.Dispose();
    }
}
