using System.Text.Json;
using Anneal.Internal;

namespace Anneal;

/// <summary>
/// The stateful scheduler of a <see cref="ReduceOnPlateau"/>: advanced with <see cref="Step(double)"/>, one metric
/// per epoch. State: <see cref="Best"/>, <see cref="NumBadEpochs"/>, <see cref="CooldownCounter"/>, the epoch and
/// the learning rate, all saved by <see cref="LRScheduler.SaveState"/>.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Step(double)"/> does not allocate.</remarks>
public sealed class ReduceOnPlateauScheduler : LRScheduler, IMetricScheduler
{
    private readonly ReduceOnPlateau _definition;

    internal ReduceOnPlateauScheduler(ReduceOnPlateau definition, long lastEpoch)
    {
        _definition = definition;
        Guard.Require(lastEpoch >= -1, nameof(lastEpoch), lastEpoch, "must be >= -1 (-1 starts fresh at epoch 0)");
        LastEpoch = lastEpoch + 1;
        LastLR = definition.Inner is { } inner ? inner.At(LastEpoch) : definition.LearningRate;
    }

    /// <inheritdoc />
    public override IScheduleDefinition Definition => _definition;

    /// <summary>The best metric so far, or <see langword="null"/> before the first finite metric.</summary>
    public double? Best { get; private set; }

    /// <summary>Consecutive evaluated epochs without improvement.</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left, during which metrics are ignored.</summary>
    public long CooldownCounter { get; private set; }

    /// <summary>
    /// The product of the cuts applied so far when the definition scales a schedule (<see cref="ReduceOnPlateau.Inner"/>);
    /// always 1 for a constant learning rate, whose cuts Paddle applies to the rate itself.
    /// </summary>
    public double Scale { get; private set; } = 1.0;

    /// <summary>Not available: a plateau scheduler needs a metric.</summary>
    /// <exception cref="InvalidOperationException">Always: call <see cref="Step(double)"/>.</exception>
    public override void Step() => throw new InvalidOperationException(
        "ReduceOnPlateau is driven by a metric: call Step(metric) with the epoch's loss (mode min) or accuracy (mode max)");

    /// <summary>Not available: a plateau scheduler needs a metric.</summary>
    /// <param name="epoch">Ignored.</param>
    /// <exception cref="InvalidOperationException">Always: call <see cref="Step(double, long)"/>.</exception>
    public override void Step(long epoch) => throw new InvalidOperationException(
        "ReduceOnPlateau is driven by a metric: call Step(metric, epoch)");

    /// <summary>Ends an epoch with its metric (Paddle <c>step(metrics)</c>).</summary>
    /// <param name="metric">The epoch's metric. NaN and infinities count as a bad epoch.</param>
    public void Step(double metric) => Advance(metric, LastEpoch + 1);

    /// <summary>Ends an epoch with its metric and sets the epoch counter (Paddle <c>step(metrics, epoch)</c>).</summary>
    /// <param name="metric">The epoch's metric. NaN and infinities count as a bad epoch.</param>
    /// <param name="epoch">The epoch to record, ≥ 0. It is bookkeeping only; the rule does not use it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public void Step(double metric, long epoch) => Advance(metric, Guard.NonNegative(epoch));

    private void Advance(double metric, long epoch)
    {
        var d = _definition;

        // For a scheduled rate, evaluate first: a step outside the schedule changes nothing.
        var scheduled = d.Inner is { } inner ? inner.At(epoch) : double.NaN;
        LastEpoch = epoch;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
        }
        else
        {
            if (double.IsFinite(metric) && (Best is not { } best || d.IsBetter(metric, best)))
            {
                Best = metric;
                NumBadEpochs = 0;
            }
            else
            {
                NumBadEpochs++;
            }

            if (NumBadEpochs > d.Patience)
            {
                CooldownCounter = d.Cooldown;
                NumBadEpochs = 0;
                if (d.Inner is null)
                {
                    LastLR = PlateauRule.Cut(LastLR, d.Factor, d.MinLr, d.Epsilon);
                }
                else
                {
                    var newScale = Scale * d.Factor;
                    if (Scaled(scheduled, Scale) - Scaled(scheduled, newScale) > d.Epsilon)
                    {
                        Scale = newScale;
                    }
                }
            }
        }

        if (d.Inner is not null)
        {
            LastLR = Scaled(scheduled, Scale);
        }
    }

    /// <summary>The schedule's value under the cuts: untouched before the first cut, floored at min_lr after (never raised above the schedule).</summary>
    private double Scaled(double scheduled, double scale)
        => scale == 1.0 ? scheduled : Math.Max(scheduled * scale, Math.Min(_definition.MinLr, scheduled));

    private protected override void WriteExtraState(Utf8JsonWriter writer)
    {
        PlateauRule.WriteCounters(writer, CooldownCounter, Best, NumBadEpochs);
        if (_definition.Inner is not null)
        {
            writer.WriteNumber("scale", Scale);
        }
    }

    private protected override void ApplyState(JsonElement root)
    {
        var saved = PlateauRule.ReadState(root, _definition.Cooldown, ReadInt64, ReadDouble);
        var epoch = saved.LastEpoch;
        var lr = saved.LastLR;
        var scale = _definition.Inner is null ? 1.0 : ReadDouble(root, "scale");
        if (_definition.Inner is { } inner)
        {
            double computed;
            try
            {
                computed = Scaled(inner.At(epoch), scale);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ArgumentException($"the state's last_epoch = {epoch} is outside the schedule: {ex.Data[Guard.RequirementKey] ?? ex.Message}", "state", ex);
            }

            CheckConsistent(lr, computed, epoch);
            lr = computed;
        }

        LastEpoch = epoch;
        LastLR = lr;
        Scale = scale;
        CooldownCounter = saved.CooldownCounter;
        NumBadEpochs = saved.NumBadEpochs;
        Best = saved.Best;
    }
}
