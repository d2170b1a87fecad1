using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>The shape of a <see cref="Warmup"/>.</summary>
public enum WarmupType
{
    /// <summary><c>start + (end - start) * t</c>.</summary>
    Linear,

    /// <summary><c>start + (end - start) * (1 - cos(pi * t)) / 2</c>: slow, fast, slow.</summary>
    Cosine,

    /// <summary><c>start * (end / start) ** t</c>: the same factor every step (needs <c>start_lr &gt; 0</c>).</summary>
    Exponential,
}

/// <summary>
/// A warmup of a chosen shape from <c>start_lr</c> to <c>end_lr</c> over <c>warmup_steps</c>, then a constant or any
/// schedule counted from 0. Unlike Paddle's <see cref="LinearWarmup"/>, <c>end_lr</c> defaults to the value the
/// schedule starts at, so there is no jump when the warmup ends. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>For <c>e &lt; warmup_steps</c>, with <c>t = e / warmup_steps</c>: linear
/// <c>start + (end - start) * t</c>; cosine <c>start + (end - start) * (1 - cos(pi * t)) / 2</c>; exponential
/// <c>start * (end / start) ** t</c>. From <c>warmup_steps</c> on: <c>learning_rate.At(e - warmup_steps)</c>.</para>
/// <para>Spec: <c>Warmup(learning_rate, warmup_steps, start_lr=0.0, end_lr=None, warmup_type='linear')</c>.</para>
/// </remarks>
public sealed class Warmup : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Warmup",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.RealOrSchedule),
            ParamSpec.Req("warmup_steps", "warmupSteps", ParamKind.Integer),
            ParamSpec.Opt("start_lr", "startLr", ParamKind.Real, 0.0),
            ParamSpec.Opt("end_lr", "endLr", ParamKind.Real, null) with { Nullable = true },
            ParamSpec.Opt("warmup_type", "warmupType", ParamKind.Text, "linear") with { Choices = ["linear", "cosine", "exponential"] },
        ],
        a => new Warmup(
            a.RealOrSchedule("learning_rate") is double d ? new Constant(d) : ComposeArgument.Schedule((IScheduleDefinition)a.RealOrSchedule("learning_rate"), "learningRate"),
            a.Integer("warmup_steps"),
            a.Real("start_lr"),
            a.OptionalReal("end_lr"),
            Enum.Parse<WarmupType>(a.Text("warmup_type"), ignoreCase: true)));

    private readonly double _end;

    /// <summary>Creates the warmup.</summary>
    /// <param name="learningRate">The schedule after warmup (a <see cref="Constant"/> for a fixed rate).</param>
    /// <param name="warmupSteps">Length of the warmup, &gt; 0.</param>
    /// <param name="startLr">The first learning rate, finite and ≥ 0 (&gt; 0 for exponential). The default value is 0.</param>
    /// <param name="endLr">The value the warmup heads for, finite and ≥ 0, or <see langword="null"/> (the default) for <c>learningRate.At(0)</c>.</param>
    /// <param name="warmupType">The shape. The default value is Linear.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public Warmup(Schedule learningRate, long warmupSteps, double startLr = 0.0, double? endLr = null, WarmupType warmupType = WarmupType.Linear)
    {
        Inner = Guard.NotNull(learningRate);
        WarmupSteps = Guard.Positive(warmupSteps);
        StartLr = Guard.NonNegative(startLr);
        if (endLr is { } end)
        {
            Guard.NonNegative(end, nameof(endLr));
        }

        Guard.Require(Enum.IsDefined(warmupType), nameof(warmupType), warmupType, "must be Linear, Cosine or Exponential");
        EndLr = endLr;
        WarmupType = warmupType;
        _end = endLr ?? learningRate.At(0);
        if (warmupType == WarmupType.Exponential)
        {
            Guard.Require(startLr > 0, nameof(startLr), startLr, "must be > 0 for an exponential warmup");
            Guard.Require(_end > 0, nameof(endLr), _end, "must be > 0 for an exponential warmup");
        }
    }

    /// <summary>The schedule after warmup.</summary>
    public Schedule Inner { get; }

    /// <summary>Length of the warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The first learning rate.</summary>
    public double StartLr { get; }

    /// <summary>The value the warmup heads for, or <see langword="null"/> for the schedule's value at its step 0.</summary>
    public double? EndLr { get; }

    /// <summary>The shape.</summary>
    public WarmupType WarmupType { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (step >= WarmupSteps)
        {
            return Inner.At(step - WarmupSteps);
        }

        var t = (double)step / WarmupSteps;
        return WarmupType switch
        {
            WarmupType.Linear => StartLr + ((_end - StartLr) * t),
            WarmupType.Cosine => StartLr + ((_end - StartLr) * (1 - Math.Cos(Math.PI * t)) / 2),
            _ => StartLr * Math.Pow(_end / StartLr, t),
        };
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("learning_rate", Inner is Constant c ? c.LearningRate : Inner),
        ("warmup_steps", WarmupSteps),
        ("start_lr", StartLr),
        ("end_lr", EndLr),
        ("warmup_type", WarmupType.ToString().ToLowerInvariant()));
}
