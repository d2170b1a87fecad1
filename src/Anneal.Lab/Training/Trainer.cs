using System.Diagnostics;
using Anneal.Lab.Models;
using Anneal.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Anneal.Lab.Training;

/// <summary>Where a training run is: for progress displays.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Loss">The last mini-batch loss.</param>
public readonly record struct TrainingProgress(string Run, long Step, long TotalSteps, int Epoch, double Loss);

/// <summary>
/// Trains a lab model with SGD + momentum under an Anneal schedule, driven through Anneal.TorchSharp's
/// <see cref="AnnealLRScheduler"/>, recording the learning rate and the loss of every step and the test accuracy of
/// every epoch.
/// </summary>
/// <remarks>
/// A <see cref="Schedule"/> is stepped once per mini-batch: its step is the global optimizer step, so its parameters
/// (<c>T_max</c>, <c>step_size</c>, <c>total_steps</c>) count mini-batches. A <see cref="ReduceOnPlateau"/> is
/// stepped once per epoch with the test loss after that epoch as the metric (the lab's validation loss; the
/// training loss almost always improves, so a plateau on it would never trigger). The run stops at the first NaN or
/// infinite loss (<see cref="RunOutcome.Diverged"/>); a run that ends at chance accuracy with a finite loss is
/// <see cref="RunOutcome.StuckAtChance"/>. Equal options and seed give equal runs: the weights come from
/// <c>torch.manual_seed(seed)</c> and the shuffling from <see cref="Random"/> seeded per epoch.
/// </remarks>
public static class Trainer
{
    private const int EvalBatch = 1000;

    /// <summary>Trains one model from scratch.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Model, epochs, batch, momentum, seed.</param>
    /// <param name="name">The run's name for records and progress.</param>
    /// <param name="schedule">The learning-rate schedule (per step) or ReduceOnPlateau (per epoch).</param>
    /// <param name="progress">Called after every step, or null.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>Every step and epoch, and how the run ended.</returns>
    public static RunResult Train(
        LabTensors data,
        TrainingOptions options,
        string name,
        IScheduleDefinition schedule,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schedule);
        var watch = Stopwatch.StartNew();
        torch.manual_seed(options.Seed);
        using var model = LabModels.Create(options.Model);
        using var optimizer = torch.optim.SGD(model.parameters(), 0.01, options.Momentum);

        // Anneal.TorchSharp's drop-in scheduler writes every rate into the optimizer (epoch 0's right now).
        var scheduler = AnnealLRScheduler.Create(optimizer, schedule);
        var perEpoch = scheduler.AnnealScheduler is ReduceOnPlateauScheduler;

        var stepsPerEpoch = options.StepsPerEpoch(data.TrainCount);
        var total = (long)stepsPerEpoch * options.Epochs;
        var steps = new List<StepRecord>((int)Math.Min(total, int.MaxValue));
        var epochs = new List<EpochRecord>(options.Epochs);
        var outcome = RunOutcome.Trained;
        long step = 0;
        for (var epoch = 1; epoch <= options.Epochs && outcome == RunOutcome.Trained; epoch++)
        {
            model.train();
            using var order = Shuffle(data.TrainCount, options.Seed, epoch);
            using var x = data.TrainX.index_select(0, order);
            using var y = data.TrainY.index_select(0, order);
            var lossSum = 0.0;
            var lr = scheduler.LastLR;
            for (var b = 0; b < stepsPerEpoch; b++, step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (step > 0 && !perEpoch)
                {
                    scheduler.step();
                }

                lr = scheduler.LastLR;
                var loss = TrainStep(model, optimizer, x, y, b * (long)options.BatchSize, options.BatchSize);
                steps.Add(new StepRecord(step, epoch, lr, loss));
                progress?.Invoke(new TrainingProgress(name, step + 1, total, epoch, loss));
                if (!double.IsFinite(loss))
                {
                    outcome = RunOutcome.Diverged;
                    break;
                }

                lossSum += loss;
            }

            if (outcome != RunOutcome.Trained)
            {
                break;
            }

            var trainLoss = lossSum / stepsPerEpoch;
            var (testLoss, accuracy) = Evaluate(model, data.TestX, data.TestY);
            epochs.Add(new EpochRecord(epoch, trainLoss, testLoss, accuracy, lr));
            if (perEpoch)
            {
                scheduler.step(testLoss);
            }
        }

        if (outcome == RunOutcome.Trained && epochs.Count > 0 && epochs[^1].TestAccuracy <= RunResult.ChanceAccuracy)
        {
            outcome = RunOutcome.StuckAtChance;
        }

        return new RunResult(name, schedule.ToString() ?? schedule.Name, steps, epochs, outcome, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The loss and accuracy of a model on a data split, in batches, without gradients.</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">The images.</param>
    /// <param name="y">The labels.</param>
    /// <returns>The mean loss and the accuracy (0–1).</returns>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        model.eval();
        using var noGrad = torch.no_grad();
        var n = y.shape[0];
        double lossSum = 0;
        long correct = 0;
        for (long start = 0; start < n; start += EvalBatch)
        {
            using var scope = torch.NewDisposeScope();
            var len = Math.Min(EvalBatch, n - start);
            var logits = model.forward(x.narrow(0, start, len));
            var target = y.narrow(0, start, len);
            lossSum += nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(target).sum().item<long>();
        }

        model.train();
        var loss = lossSum / n;
        return (double.IsFinite(loss) ? loss : double.NaN, (double)correct / n);
    }

    /// <summary>One SGD step on the mini-batch at <paramref name="start"/>; returns its loss.</summary>
    internal static double TrainStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, long start, int batch)
    {
        using var scope = torch.NewDisposeScope();
        var len = Math.Min(batch, x.shape[0] - start);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, len)), y.narrow(0, start, len));
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            return value;
        }

        loss.backward();
        optimizer.step();
        return value;
    }

    /// <summary>A permutation of the training indices for an epoch, from a seeded <see cref="Random"/>.</summary>
    internal static Tensor Shuffle(long count, long seed, int epoch)
    {
        var random = new Random(unchecked((int)((seed * 1_000_003) + epoch)));
        var order = new long[count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        return torch.tensor(order);
    }
}
