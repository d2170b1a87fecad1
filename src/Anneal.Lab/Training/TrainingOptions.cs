using Anneal.Lab.Models;

namespace Anneal.Lab.Training;

/// <summary>How to train: model, budget, batch, optimizer and seed.</summary>
/// <remarks>The optimizer is SGD with momentum, as in DESIGN.md's reference figures.</remarks>
public sealed record TrainingOptions
{
    /// <summary>The model. The default value is <see cref="ModelKind.Mlp"/>.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>The number of epochs. The default value is 8.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>The mini-batch size. The default value is 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>SGD's momentum. The default value is 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>The seed of the weights and of the shuffling: equal seeds give equal runs. The default value is 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Mini-batches per epoch: the training images divided by the batch size, rounded up.</summary>
    /// <param name="trainCount">The number of training images.</param>
    /// <returns>The number of steps per epoch.</returns>
    public int StepsPerEpoch(long trainCount) => (int)((trainCount + BatchSize - 1) / BatchSize);
}
