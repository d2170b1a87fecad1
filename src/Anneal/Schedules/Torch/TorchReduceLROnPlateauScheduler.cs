using System.Text.Json;
using Anneal.Internal;

namespace Anneal;

/// <summary>
/// The stateful scheduler of a <see cref="TorchReduceLROnPlateau"/>: advanced with <see cref="Step(double)"/>, one
/// metric per epoch, with PyTorch's rule. State: <see cref="Best"/>, <see cref="NumBadEpochs"/>,
/// <see cref="CooldownCounter"/>, the epoch and the learning rate, all saved by <see cref="LRScheduler.SaveState"/>.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Step(double)"/> does not allocate.</remarks>
public sealed class TorchReduceLROnPlateauScheduler : LRScheduler, IMetricScheduler
{
    private readonly TorchReduceLROnPlateau _definition;

    internal TorchReduceLROnPlateauScheduler(TorchReduceLROnPlateau definition, long lastEpoch)
    {
        _definition = definition;
        Guard.Require(lastEpoch >= -1, nameof(lastEpoch), lastEpoch, "must be >= -1 (-1 starts fresh at epoch 0)");
        LastEpoch = lastEpoch + 1;
        LastLR = definition.Lr;
    }

    /// <inheritdoc />
    public override IScheduleDefinition Definition => _definition;

    /// <summary>The best metric so far, or <see langword="null"/> while it is PyTorch's starting ±inf (no finite metric has improved on it yet).</summary>
    public double? Best { get; private set; }

    /// <summary>Consecutive epochs without improvement (reset during cooldown).</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left, during which bad epochs are not counted.</summary>
    public long CooldownCounter { get; private set; }

    /// <summary>Not available: a plateau scheduler needs a metric.</summary>
    /// <exception cref="InvalidOperationException">Always: call <see cref="Step(double)"/>.</exception>
    public override void Step() => throw new InvalidOperationException(
        "torch.ReduceLROnPlateau is driven by a metric: call Step(metric) with the epoch's loss (mode min) or accuracy (mode max)");

    /// <summary>Not available: a plateau scheduler needs a metric.</summary>
    /// <param name="epoch">Ignored.</param>
    /// <exception cref="InvalidOperationException">Always: call <see cref="Step(double, long)"/>.</exception>
    public override void Step(long epoch) => throw new InvalidOperationException(
        "torch.ReduceLROnPlateau is driven by a metric: call Step(metric, epoch)");

    /// <summary>Ends an epoch with its metric (PyTorch <c>step(metrics)</c>).</summary>
    /// <param name="metric">The epoch's metric. NaN and infinities count as a bad epoch.</param>
    public void Step(double metric) => Advance(metric, LastEpoch + 1);

    /// <summary>Ends an epoch with its metric and sets the epoch counter (PyTorch <c>step(metrics, epoch)</c>).</summary>
    /// <param name="metric">The epoch's metric. NaN and infinities count as a bad epoch.</param>
    /// <param name="epoch">The epoch to record, ≥ 0. It is bookkeeping only; the rule does not use it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public void Step(double metric, long epoch) => Advance(metric, Guard.NonNegative(epoch));

    private void Advance(double metric, long epoch)
    {
        var d = _definition;
        LastEpoch = epoch;
        if (d.IsBetter(metric, Best ?? d.WorstBest))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs > d.Patience)
        {
            LastLR = PlateauRule.Cut(LastLR, d.Factor, d.MinLr, d.Eps);
            CooldownCounter = d.Cooldown;
            NumBadEpochs = 0;
        }
    }

    private protected override void WriteExtraState(Utf8JsonWriter writer)
        => PlateauRule.WriteCounters(writer, CooldownCounter, Best, NumBadEpochs);

    private protected override void ApplyState(JsonElement root)
    {
        var saved = PlateauRule.ReadState(root, _definition.Cooldown, ReadInt64, ReadDouble);
        LastEpoch = saved.LastEpoch;
        LastLR = saved.LastLR;
        CooldownCounter = saved.CooldownCounter;
        NumBadEpochs = saved.NumBadEpochs;
        Best = saved.Best;
    }
}
