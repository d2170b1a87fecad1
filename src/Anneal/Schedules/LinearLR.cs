using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// A straight line from <c>learning_rate * start_factor</c> to <c>learning_rate * end_factor</c> over
/// <c>total_steps</c>, then constant (Paddle <c>paddle.optimizer.lr.LinearLR</c>, PyTorch <c>LinearLR</c> with
/// <c>total_iters</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * (start_factor + (end_factor - start_factor) * min(total_steps, e) / total_steps)</c>.</para>
/// <para>Paddle computes this recursively (each step multiplies the previous rate by a ratio), which agrees with the
/// closed form to rounding when stepped one epoch at a time. Anneal evaluates the closed form everywhere, so an
/// explicit epoch lands on the line (in Paddle, <c>step(k)</c> applies the one-step ratio of epoch k to whatever the
/// previous rate was) and a resumed run continues exactly. PyTorch has the same closed form.</para>
/// <para>The factors may decrease: <c>start_factor = 1.0</c>, <c>end_factor = 0.25</c> is a linear decay.</para>
/// <para>Spec: <c>LinearLR(learning_rate, total_steps, start_factor=0.3333333333333333, end_factor=1.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new LinearLR(0.5, totalSteps: 5)</c> gives 0.16666666666666666, 0.23333333333333334, 0.30000000000000004,
/// 0.3666666666666667, 0.43333333333333335, then 0.5 from epoch 5 on.
/// </example>
public sealed class LinearLR : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "LinearLR",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("total_steps", "totalSteps", ParamKind.Integer),
            ParamSpec.Opt("start_factor", "startFactor", ParamKind.Real, 1.0 / 3),
            ParamSpec.Opt("end_factor", "endFactor", ParamKind.Real, 1.0),
        ],
        a => new LinearLR(a.Real("learning_rate"), a.Integer("total_steps"), a.Real("start_factor"), a.Real("end_factor")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The base learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="totalSteps">Epochs from the start factor to the end factor (Paddle <c>total_steps</c>, PyTorch <c>total_iters</c>), &gt; 0.</param>
    /// <param name="startFactor">The factor at epoch 0 (Paddle and PyTorch <c>start_factor</c>), in (0, 1]. The default value is 1/3.</param>
    /// <param name="endFactor">The factor from <paramref name="totalSteps"/> on (Paddle and PyTorch <c>end_factor</c>), in [0, 1]. The default value is 1.0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public LinearLR(double learningRate, long totalSteps, double startFactor = 1.0 / 3, double endFactor = 1.0)
    {
        StartFactor = Guard.InRange(startFactor, 0.0, 1.0, minInclusive: false, maxInclusive: true);
        EndFactor = Guard.InRange(endFactor, 0.0, 1.0, minInclusive: true, maxInclusive: true);
        TotalSteps = Guard.Positive(totalSteps);
        LearningRate = Guard.NonNegative(learningRate);
    }

    /// <summary>The base learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Epochs from the start factor to the end factor.</summary>
    public long TotalSteps { get; }

    /// <summary>The factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The factor from <see cref="TotalSteps"/> on.</summary>
    public double EndFactor { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);

        // From total_steps on, the factor is end_factor itself: the line's formula can round just below it, which
        // would give a tiny negative rate for end_factor = 0.
        return step >= TotalSteps
            ? LearningRate * EndFactor
            : LearningRate * (StartFactor + ((EndFactor - StartFactor) * step / TotalSteps));
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("total_steps", TotalSteps), ("start_factor", StartFactor), ("end_factor", EndFactor));
}
