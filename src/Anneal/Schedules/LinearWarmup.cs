using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Linear warmup from <c>start_lr</c> towards <c>end_lr</c> over <c>warmup_steps</c>, then a constant or any other
/// schedule counted from 0 (Paddle <c>paddle.optimizer.lr.LinearWarmup</c>; in PyTorch,
/// <c>SequentialLR([LinearLR(...), X], milestones=[W])</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>For <c>e &lt; warmup_steps</c>: <c>lr(e) = (end_lr - start_lr) * e / warmup_steps + start_lr</c>. From
/// <c>warmup_steps</c> on: the inner schedule at <c>e - warmup_steps</c>, or the constant <c>learning_rate</c>.</para>
/// <para>As in Paddle, <c>end_lr</c> itself is never output: the last warmup value is at <c>warmup_steps - 1</c>,
/// and at <c>warmup_steps</c> the inner schedule's epoch-0 value takes over, with whatever jump that implies.</para>
/// <para>Spec: <c>LinearWarmup(learning_rate, warmup_steps, start_lr, end_lr)</c>, where <c>learning_rate</c> is a
/// number or a schedule.</para>
/// </remarks>
/// <example>
/// <c>new LinearWarmup(0.5, warmupSteps: 10, startLr: 0, endLr: 0.5)</c> gives 0.0, 0.05, ..., 0.45, then 0.5.
/// </example>
public sealed class LinearWarmup : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "LinearWarmup",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.RealOrSchedule),
            ParamSpec.Req("warmup_steps", "warmupSteps", ParamKind.Integer),
            ParamSpec.Req("start_lr", "startLr", ParamKind.Real),
            ParamSpec.Req("end_lr", "endLr", ParamKind.Real),
        ],
        a => a.RealOrSchedule("learning_rate") switch
        {
            double d => new LinearWarmup(d, a.Integer("warmup_steps"), a.Real("start_lr"), a.Real("end_lr")),
            Schedule s => new LinearWarmup(s, a.Integer("warmup_steps"), a.Real("start_lr"), a.Real("end_lr")),
            var other => throw Guard.Invalid("learningRate", ((IScheduleDefinition)other).Name, "is not allowed: LinearWarmup needs a number or a pure schedule (ReduceOnPlateau cannot be wrapped)"),
        });

    /// <summary>Creates a warmup to a constant learning rate.</summary>
    /// <param name="learningRate">The constant after warmup (Paddle <c>learning_rate</c> as a number), finite and ≥ 0.</param>
    /// <param name="warmupSteps">Length of the warmup (Paddle <c>warmup_steps</c>), &gt; 0.</param>
    /// <param name="startLr">The first learning rate (Paddle <c>start_lr</c>), finite and ≥ 0.</param>
    /// <param name="endLr">The value the warmup heads for (Paddle <c>end_lr</c>), finite and &gt; <paramref name="startLr"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public LinearWarmup(double learningRate, long warmupSteps, double startLr, double endLr)
        : this(null, Guard.NonNegative(learningRate), warmupSteps, startLr, endLr)
    {
    }

    /// <summary>Creates a warmup followed by <paramref name="learningRate"/>, which starts at its own epoch 0 when the warmup ends.</summary>
    /// <param name="learningRate">The schedule after warmup (Paddle <c>learning_rate</c> as a scheduler).</param>
    /// <param name="warmupSteps">Length of the warmup (Paddle <c>warmup_steps</c>), &gt; 0.</param>
    /// <param name="startLr">The first learning rate (Paddle <c>start_lr</c>), finite and ≥ 0.</param>
    /// <param name="endLr">The value the warmup heads for (Paddle <c>end_lr</c>), finite and &gt; <paramref name="startLr"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public LinearWarmup(Schedule learningRate, long warmupSteps, double startLr, double endLr)
        : this(Guard.NotNull(learningRate), 0.0, warmupSteps, startLr, endLr)
    {
    }

    private LinearWarmup(Schedule? inner, double constant, long warmupSteps, double startLr, double endLr)
    {
        WarmupSteps = Guard.Positive(warmupSteps);
        Guard.Finite(endLr);
        StartLr = Guard.NonNegative(startLr);
        Guard.Require(endLr > startLr, nameof(endLr), endLr, $"must be > start_lr = {Guard.Format(startLr)} (a warmup must rise)");
        EndLr = endLr;
        Inner = inner;
        Constant = constant;
    }

    /// <summary>The schedule after warmup, or <see langword="null"/> when it is the constant <see cref="Constant"/>.</summary>
    public Schedule? Inner { get; }

    /// <summary>The constant learning rate after warmup, when <see cref="Inner"/> is <see langword="null"/>.</summary>
    public double Constant { get; }

    /// <summary>Length of the warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The first learning rate.</summary>
    public double StartLr { get; }

    /// <summary>The value the warmup heads for (never output itself).</summary>
    public double EndLr { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (step < WarmupSteps)
        {
            return ((EndLr - StartLr) * step / WarmupSteps) + StartLr;
        }

        return Inner is null ? Constant : Inner.At(step - WarmupSteps);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", (object?)Inner ?? Constant), ("warmup_steps", WarmupSteps), ("start_lr", StartLr), ("end_lr", EndLr));
}
