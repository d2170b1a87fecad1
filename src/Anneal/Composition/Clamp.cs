using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Keeps a schedule between a floor and a ceiling: <c>lr(e) = min(max(learning_rate.At(e), min_lr), max_lr)</c>.
/// Instances are immutable and thread-safe.
/// </summary>
/// <remarks>Spec: <c>Clamp(learning_rate=&lt;schedule&gt;, min_lr=0.0, max_lr=None)</c>; <c>None</c> means no ceiling.</remarks>
public sealed class Clamp : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Clamp",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Schedule),
            ParamSpec.Opt("min_lr", "minLr", ParamKind.Real, 0.0),
            ParamSpec.Opt("max_lr", "maxLr", ParamKind.Real, null) with { Nullable = true },
        ],
        a => new Clamp(ComposeArgument.Schedule(a.Definition("learning_rate"), "learningRate"), a.Real("min_lr"), a.OptionalReal("max_lr")));

    private readonly double _max;

    /// <summary>Creates the clamped schedule.</summary>
    /// <param name="learningRate">The schedule to clamp.</param>
    /// <param name="minLr">The floor, finite and ≥ 0. The default value is 0.</param>
    /// <param name="maxLr">The ceiling, finite and ≥ <paramref name="minLr"/>, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative, NaN or infinite, or the ceiling is below the floor.</exception>
    public Clamp(Schedule learningRate, double minLr = 0.0, double? maxLr = null)
    {
        Inner = Guard.NotNull(learningRate);
        MinLr = Guard.NonNegative(minLr);
        if (maxLr is { } max)
        {
            Guard.Finite(max, nameof(maxLr));
            Guard.Require(max >= minLr, nameof(maxLr), max, $"must be >= min_lr = {Guard.Format(minLr)}");
        }

        MaxLr = maxLr;
        _max = maxLr ?? double.PositiveInfinity;
    }

    /// <summary>The clamped schedule.</summary>
    public Schedule Inner { get; }

    /// <summary>The floor.</summary>
    public double MinLr { get; }

    /// <summary>The ceiling, if any.</summary>
    public double? MaxLr { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => Math.Min(Math.Max(Inner.At(step), MinLr), _max);

    internal override SpecCall ToSpec() => Descriptor.Call(("learning_rate", Inner), ("min_lr", MinLr), ("max_lr", MaxLr));
}
