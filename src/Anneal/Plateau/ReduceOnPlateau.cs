using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cuts the learning rate by <c>factor</c> when a metric stops improving (Paddle
/// <c>paddle.optimizer.lr.ReduceOnPlateau</c>, PyTorch <c>ReduceLROnPlateau</c>). This is the definition: immutable
/// and thread-safe. The state lives in the <see cref="ReduceOnPlateauScheduler"/> that
/// <see cref="CreateScheduler"/> returns, which is advanced with <see cref="ReduceOnPlateauScheduler.Step(double)"/>.
/// </summary>
/// <remarks>
/// <para>Each step with a metric (Paddle's rule): during cooldown the metric is ignored and the cooldown counter
/// falls by one. Otherwise the metric becomes <c>best</c> if it improves on it (min/rel: <c>m &lt; best - best *
/// threshold</c>; min/abs: <c>m &lt; best - threshold</c>; max mirrors), else it counts as a bad epoch; after more
/// than <c>patience</c> bad epochs the rate becomes <c>max(lr * factor, min_lr)</c> (only if that lowers it by more
/// than <c>epsilon</c>) and cooldown starts.</para>
/// <para>Correction: a NaN or infinite metric is never an improvement and never becomes <c>best</c>; it counts as a
/// bad epoch (Paddle lets a first NaN become <c>best</c> and then nothing ever improves on it).</para>
/// <para>Spec: <c>ReduceOnPlateau(learning_rate, mode='min', factor=0.1, patience=10, threshold=0.0001,
/// threshold_mode='rel', cooldown=0, min_lr=0.0, epsilon=1e-08)</c>.</para>
/// </remarks>
public sealed class ReduceOnPlateau : IScheduleDefinition, IEquatable<ReduceOnPlateau>
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "ReduceOnPlateau",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.RealOrSchedule),
            ParamSpec.Opt("mode", "mode", ParamKind.Text, "min") with { Choices = ["min", "max"] },
            ParamSpec.Opt("factor", "factor", ParamKind.Real, 0.1),
            ParamSpec.Opt("patience", "patience", ParamKind.Integer, 10L),
            ParamSpec.Opt("threshold", "threshold", ParamKind.Real, 1e-4),
            ParamSpec.Opt("threshold_mode", "thresholdMode", ParamKind.Text, "rel") with { Choices = ["rel", "abs"] },
            ParamSpec.Opt("cooldown", "cooldown", ParamKind.Integer, 0L),
            ParamSpec.Opt("min_lr", "minLr", ParamKind.Real, 0.0),
            ParamSpec.Opt("epsilon", "epsilon", ParamKind.Real, 1e-8),
        ],
        a => new ReduceOnPlateau(
            a.RealOrSchedule("learning_rate") switch
            {
                double d => (object)d,
                var other => ComposeArgument.Schedule((IScheduleDefinition)other, "learningRate"),
            },
            PlateauRule.ParseMode(a.Text("mode")),
            a.Real("factor"),
            a.Integer("patience"),
            a.Real("threshold"),
            PlateauRule.ParseThresholdMode(a.Text("threshold_mode")),
            a.Integer("cooldown"),
            a.Real("min_lr"),
            a.Real("epsilon")));

    /// <summary>Creates the definition.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="mode">Whether lower (<see cref="PlateauMode.Min"/>, for a loss) or higher (<see cref="PlateauMode.Max"/>, for an accuracy) is better. The default value is Min.</param>
    /// <param name="factor">The cut factor (Paddle <c>factor</c>), finite and &lt; 1.0. The default value is 0.1.</param>
    /// <param name="patience">Bad epochs tolerated before a cut (Paddle <c>patience</c>), ≥ 0. The default value is 10.</param>
    /// <param name="threshold">The least change that counts as an improvement (Paddle <c>threshold</c>), finite and ≥ 0. The default value is 1e-4.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to <c>best</c> or absolute. The default value is Rel.</param>
    /// <param name="cooldown">Epochs after a cut during which metrics are ignored (Paddle <c>cooldown</c>), ≥ 0. The default value is 0.</param>
    /// <param name="minLr">The floor (Paddle <c>min_lr</c>), finite and ≥ 0. The default value is 0.</param>
    /// <param name="epsilon">The smallest cut that is applied (Paddle <c>epsilon</c>), finite and ≥ 0. The default value is 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public ReduceOnPlateau(
        double learningRate,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        double minLr = 0.0,
        double epsilon = 1e-8)
        : this((object)learningRate, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, epsilon)
    {
    }

    /// <summary>
    /// Creates a plateau cut on top of a schedule: the learning rate is <c>learningRate.At(e)</c> times the product of
    /// the cuts so far (floored at <paramref name="minLr"/> once a cut has happened), so warmup, then cosine, then a
    /// cut when the loss stalls is one definition.
    /// </summary>
    /// <param name="learningRate">The schedule that the cuts scale.</param>
    /// <param name="mode">Whether lower or higher is better. The default value is Min.</param>
    /// <param name="factor">The cut factor, finite and &lt; 1.0. The default value is 0.1.</param>
    /// <param name="patience">Bad epochs tolerated before a cut, ≥ 0. The default value is 10.</param>
    /// <param name="threshold">The least change that counts as an improvement, finite and ≥ 0. The default value is 1e-4.</param>
    /// <param name="thresholdMode">Relative or absolute threshold. The default value is Rel.</param>
    /// <param name="cooldown">Epochs after a cut during which metrics are ignored, ≥ 0. The default value is 0.</param>
    /// <param name="minLr">The floor once a cut has happened, finite and ≥ 0. The default value is 0.</param>
    /// <param name="epsilon">The smallest cut that is applied, finite and ≥ 0. The default value is 1e-8.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public ReduceOnPlateau(
        Schedule learningRate,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        double minLr = 0.0,
        double epsilon = 1e-8)
        : this((object)Guard.NotNull(learningRate), mode, factor, patience, threshold, thresholdMode, cooldown, minLr, epsilon)
    {
    }

    private ReduceOnPlateau(
        object learningRate,
        PlateauMode mode,
        double factor,
        long patience,
        double threshold,
        ThresholdMode thresholdMode,
        long cooldown,
        double minLr,
        double epsilon)
    {
        Guard.Require(mode is PlateauMode.Min or PlateauMode.Max, nameof(mode), mode, "must be Min or Max");
        Guard.Finite(factor);
        Guard.Require(factor < 1.0, nameof(factor), factor, "must be < 1.0 (the rate is multiplied by it on a plateau)");
        Guard.Require(thresholdMode is ThresholdMode.Rel or ThresholdMode.Abs, nameof(thresholdMode), thresholdMode, "must be Rel or Abs");
        if (learningRate is Schedule schedule)
        {
            Inner = schedule;
            LearningRate = schedule.At(0);
        }
        else
        {
            LearningRate = Guard.NonNegative((double)learningRate!, nameof(learningRate));
        }
        Mode = mode;
        Factor = factor;
        Patience = Guard.NonNegative(patience);
        Threshold = Guard.NonNegative(threshold);
        ThresholdMode = thresholdMode;
        Cooldown = Guard.NonNegative(cooldown);
        MinLr = Guard.NonNegative(minLr);
        Epsilon = Guard.NonNegative(epsilon);
    }

    /// <inheritdoc />
    public string Name => Descriptor.Name;

    /// <summary>The initial learning rate (for a schedule, its value at step 0).</summary>
    public double LearningRate { get; }

    /// <summary>The schedule that the cuts scale, or <see langword="null"/> for a constant <see cref="LearningRate"/> (Paddle's case).</summary>
    public Schedule? Inner { get; }

    /// <summary>Whether lower or higher metrics are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The cut factor.</summary>
    public double Factor { get; }

    /// <summary>Bad epochs tolerated before a cut.</summary>
    public long Patience { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs after a cut during which metrics are ignored.</summary>
    public long Cooldown { get; }

    /// <summary>The floor of the learning rate.</summary>
    public double MinLr { get; }

    /// <summary>The smallest cut that is applied.</summary>
    public double Epsilon { get; }

    /// <summary>Parses spec text that describes a ReduceOnPlateau.</summary>
    /// <param name="text">For example <c>ReduceOnPlateau(learning_rate=1.0, patience=3)</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="SpecException">The text is malformed, invalid, or describes another schedule.</exception>
    public static ReduceOnPlateau Parse(string text) => ScheduleSpec.Parse(text) as ReduceOnPlateau
        ?? throw new SpecException("expected a ReduceOnPlateau(...) spec");

    /// <summary>Whether <paramref name="metric"/> improves on <paramref name="best"/> under this definition's rule (Paddle's <c>is_better</c>).</summary>
    /// <param name="metric">The new metric.</param>
    /// <param name="best">The best so far.</param>
    /// <returns>True for an improvement. A non-finite metric is never one.</returns>
    public bool IsBetter(double metric, double best)
    {
        if (!double.IsFinite(metric))
        {
            return false;
        }

        return (Mode, ThresholdMode) switch
        {
            (PlateauMode.Min, ThresholdMode.Rel) => metric < best - (best * Threshold),
            (PlateauMode.Min, ThresholdMode.Abs) => metric < best - Threshold,
            (PlateauMode.Max, ThresholdMode.Rel) => metric > best + (best * Threshold),
            _ => metric > best + Threshold,
        };
    }

    /// <summary>Creates the scheduler: epoch 0, no best yet, the initial learning rate. Paddle's ReduceOnPlateau has no <c>last_epoch</c>; a value ≥ 0 only sets the epoch counter.</summary>
    /// <param name="lastEpoch">-1 (the default) to start at epoch 0, or an epoch ≥ 0 to start the counter at <c>lastEpoch + 1</c>.</param>
    /// <returns>A new scheduler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1.</exception>
    public ReduceOnPlateauScheduler CreateScheduler(long lastEpoch = -1) => new(this, lastEpoch);

    LRScheduler IScheduleDefinition.CreateScheduler(long lastEpoch) => CreateScheduler(lastEpoch);

    /// <summary>The canonical spec text.</summary>
    /// <returns>Text that <see cref="Parse"/> reads back into an equal definition.</returns>
    public override string ToString() => SpecWriter.Write(ToSpec());

    /// <inheritdoc />
    public string ToJson() => SpecJson.Write(ToSpec());

    /// <inheritdoc />
    public bool Equals(ReduceOnPlateau? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ReduceOnPlateau);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    SpecCall IScheduleDefinition.ToSpec() => ToSpec();

    internal SpecCall ToSpec() => Descriptor.Call(
        ("learning_rate", (object?)Inner ?? LearningRate),
        ("mode", PlateauRule.ModeText(Mode)),
        ("factor", Factor),
        ("patience", Patience),
        ("threshold", Threshold),
        ("threshold_mode", PlateauRule.ThresholdModeText(ThresholdMode)),
        ("cooldown", Cooldown),
        ("min_lr", MinLr),
        ("epsilon", Epsilon));
}

/// <summary>Whether lower or higher metrics are better for <see cref="ReduceOnPlateau"/>.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss). Paddle <c>mode='min'</c>.</summary>
    Min,

    /// <summary>Higher is better (an accuracy). Paddle <c>mode='max'</c>.</summary>
    Max,
}

/// <summary>How <see cref="ReduceOnPlateau.Threshold"/> is applied.</summary>
public enum ThresholdMode
{
    /// <summary>Relative to the best metric: <c>best ∓ best * threshold</c>. Paddle <c>threshold_mode='rel'</c>.</summary>
    Rel,

    /// <summary>Absolute: <c>best ∓ threshold</c>. Paddle <c>threshold_mode='abs'</c>.</summary>
    Abs,
}
