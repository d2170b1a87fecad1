using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cuts the learning rate by <c>factor</c> when a metric stops improving, with PyTorch's rule (PyTorch
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>; Paddle's rule is <see cref="ReduceOnPlateau"/>). This is the
/// definition: immutable and thread-safe. The state lives in the <see cref="TorchReduceLROnPlateauScheduler"/> that
/// <see cref="CreateScheduler"/> returns, advanced with <see cref="TorchReduceLROnPlateauScheduler.Step(double)"/>.
/// </summary>
/// <remarks>
/// <para>Each step with a metric (PyTorch's rule): the metric is evaluated every time, cooldown included. It becomes
/// <c>best</c> if it improves on it (min/rel: <c>m &lt; best * (1 - threshold)</c>; min/abs: <c>m &lt; best -
/// threshold</c>; max/rel: <c>m &gt; best * (threshold + 1)</c>; max/abs: <c>m &gt; best + threshold</c>; <c>best</c>
/// starts at +inf for min, -inf for max), else it counts as a bad epoch. Then, during cooldown, the cooldown counter
/// falls by one and the bad epochs are reset to 0. Then, after more than <c>patience</c> bad epochs, the rate becomes
/// <c>max(lr * factor, min_lr)</c> (only if that lowers it by more than <c>eps</c>), cooldown starts and the count is
/// reset.</para>
/// <para>vs Paddle's rule: Paddle ignores metrics during cooldown, so an improvement made then is not recorded and a
/// later, smaller improvement still counts; PyTorch records it, so the same metrics can cut one evaluation earlier.
/// The relative threshold is <c>best * (1 - threshold)</c> here and <c>best - best * threshold</c> in Paddle, which
/// can differ in the last bit.</para>
/// <para>Anneal's correction, as in <see cref="ReduceOnPlateau"/>: a NaN or infinite metric is never an improvement
/// and never becomes <c>best</c>; it counts as a bad epoch (PyTorch would take <c>-inf</c> as the best loss forever).
/// Also refused beyond PyTorch: negative <c>patience</c>, <c>threshold</c>, <c>cooldown</c>, <c>min_lr</c> or
/// <c>eps</c>. PyTorch's per-group <c>min_lr</c> list has no counterpart: a schedule has one rate.</para>
/// <para>Spec: <c>torch.ReduceLROnPlateau(lr, mode='min', factor=0.1, patience=10, threshold=0.0001,
/// threshold_mode='rel', cooldown=0, min_lr=0.0, eps=1e-08)</c>.</para>
/// </remarks>
public sealed class TorchReduceLROnPlateau : IScheduleDefinition, IEquatable<TorchReduceLROnPlateau>
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.ReduceLROnPlateau",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Opt("mode", "mode", ParamKind.Text, "min") with { Choices = ["min", "max"] },
            ParamSpec.Opt("factor", "factor", ParamKind.Real, 0.1),
            ParamSpec.Opt("patience", "patience", ParamKind.Integer, 10L),
            ParamSpec.Opt("threshold", "threshold", ParamKind.Real, 1e-4),
            ParamSpec.Opt("threshold_mode", "thresholdMode", ParamKind.Text, "rel") with { Choices = ["rel", "abs"] },
            ParamSpec.Opt("cooldown", "cooldown", ParamKind.Integer, 0L),
            ParamSpec.Opt("min_lr", "minLr", ParamKind.Real, 0.0),
            ParamSpec.Opt("eps", "eps", ParamKind.Real, 1e-8),
        ],
        a => new TorchReduceLROnPlateau(
            a.Real("lr"),
            PlateauRule.ParseMode(a.Text("mode")),
            a.Real("factor"),
            a.Integer("patience"),
            a.Real("threshold"),
            PlateauRule.ParseThresholdMode(a.Text("threshold_mode")),
            a.Integer("cooldown"),
            a.Real("min_lr"),
            a.Real("eps")));

    /// <summary>Creates the definition.</summary>
    /// <param name="lr">The optimizer's learning rate, finite and ≥ 0.</param>
    /// <param name="mode">Whether lower (<see cref="PlateauMode.Min"/>, for a loss) or higher (<see cref="PlateauMode.Max"/>, for an accuracy) is better (PyTorch <c>mode</c>). The default value is Min.</param>
    /// <param name="factor">The cut factor (PyTorch <c>factor</c>), finite and &lt; 1.0. The default value is 0.1.</param>
    /// <param name="patience">Bad epochs tolerated before a cut (PyTorch <c>patience</c>), ≥ 0. The default value is 10.</param>
    /// <param name="threshold">The least change that counts as an improvement (PyTorch <c>threshold</c>), finite and ≥ 0. The default value is 1e-4.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to <c>best</c> or absolute (PyTorch <c>threshold_mode</c>). The default value is Rel.</param>
    /// <param name="cooldown">Epochs after a cut during which bad epochs are not counted (PyTorch <c>cooldown</c>), ≥ 0. The default value is 0.</param>
    /// <param name="minLr">The floor (PyTorch <c>min_lr</c>), finite and ≥ 0. The default value is 0.</param>
    /// <param name="eps">The smallest cut that is applied (PyTorch <c>eps</c>), finite and ≥ 0. The default value is 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchReduceLROnPlateau(
        double lr,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        double minLr = 0.0,
        double eps = 1e-8)
    {
        // PyTorch's order: factor, mode, threshold_mode; then Anneal's own checks.
        Guard.Finite(factor);
        Guard.Require(factor < 1.0, nameof(factor), factor, "must be < 1.0 (the rate is multiplied by it on a plateau)");
        Guard.Require(mode is PlateauMode.Min or PlateauMode.Max, nameof(mode), mode, "must be Min or Max");
        Guard.Require(thresholdMode is ThresholdMode.Rel or ThresholdMode.Abs, nameof(thresholdMode), thresholdMode, "must be Rel or Abs");
        Lr = Guard.NonNegative(lr);
        Mode = mode;
        Factor = factor;
        Patience = Guard.NonNegative(patience);
        Threshold = Guard.NonNegative(threshold);
        ThresholdMode = thresholdMode;
        Cooldown = Guard.NonNegative(cooldown);
        MinLr = Guard.NonNegative(minLr);
        Eps = Guard.NonNegative(eps);
    }

    /// <inheritdoc />
    public string Name => Descriptor.Name;

    /// <summary>The optimizer's learning rate: the rate before the first cut.</summary>
    public double Lr { get; }

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

    /// <summary>Epochs after a cut during which bad epochs are not counted.</summary>
    public long Cooldown { get; }

    /// <summary>The floor of the learning rate.</summary>
    public double MinLr { get; }

    /// <summary>The smallest cut that is applied.</summary>
    public double Eps { get; }

    /// <summary>PyTorch's starting <c>best</c>: +inf for <see cref="PlateauMode.Min"/>, -inf for <see cref="PlateauMode.Max"/>.</summary>
    internal double WorstBest => Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Whether <paramref name="metric"/> improves on <paramref name="best"/> under PyTorch's rule (its <c>_is_better</c>).</summary>
    /// <param name="metric">The new metric.</param>
    /// <param name="best">The best so far (±inf before the first).</param>
    /// <returns>True for an improvement. A non-finite metric is never one.</returns>
    public bool IsBetter(double metric, double best)
    {
        if (!double.IsFinite(metric))
        {
            return false;
        }

        return (Mode, ThresholdMode) switch
        {
            (PlateauMode.Min, ThresholdMode.Rel) => metric < best * (1.0 - Threshold),
            (PlateauMode.Min, ThresholdMode.Abs) => metric < best - Threshold,
            (PlateauMode.Max, ThresholdMode.Rel) => metric > best * (Threshold + 1.0),
            _ => metric > best + Threshold,
        };
    }

    /// <summary>Parses spec text that describes a torch.ReduceLROnPlateau.</summary>
    /// <param name="text">For example <c>torch.ReduceLROnPlateau(lr=0.1, patience=3)</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="SpecException">The text is malformed, invalid, or describes another schedule.</exception>
    public static TorchReduceLROnPlateau Parse(string text) => ScheduleSpec.Parse(text) as TorchReduceLROnPlateau
        ?? throw new SpecException("expected a torch.ReduceLROnPlateau(...) spec");

    /// <summary>Creates the scheduler: epoch 0, no best yet, the rate <see cref="Lr"/>. PyTorch's ReduceLROnPlateau has no <c>last_epoch</c>; a value ≥ 0 only sets the epoch counter.</summary>
    /// <param name="lastEpoch">-1 (the default) to start at epoch 0, or an epoch ≥ 0 to start the counter at <c>lastEpoch + 1</c>.</param>
    /// <returns>A new scheduler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1.</exception>
    public TorchReduceLROnPlateauScheduler CreateScheduler(long lastEpoch = -1) => new(this, lastEpoch);

    LRScheduler IScheduleDefinition.CreateScheduler(long lastEpoch) => CreateScheduler(lastEpoch);

    /// <summary>The canonical spec text.</summary>
    /// <returns>Text that <see cref="Parse"/> reads back into an equal definition.</returns>
    public override string ToString() => SpecWriter.Write(ToSpec());

    /// <inheritdoc />
    public string ToJson() => SpecJson.Write(ToSpec());

    /// <inheritdoc />
    public bool Equals(TorchReduceLROnPlateau? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TorchReduceLROnPlateau);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    SpecCall IScheduleDefinition.ToSpec() => ToSpec();

    internal SpecCall ToSpec() => Descriptor.Call(
        ("lr", Lr),
        ("mode", PlateauRule.ModeText(Mode)),
        ("factor", Factor),
        ("patience", Patience),
        ("threshold", Threshold),
        ("threshold_mode", PlateauRule.ThresholdModeText(ThresholdMode)),
        ("cooldown", Cooldown),
        ("min_lr", MinLr),
        ("eps", Eps));
}
