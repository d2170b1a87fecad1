using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> every epoch (Paddle <c>paddle.optimizer.lr.ExponentialDecay</c>,
/// PyTorch <c>ExponentialLR</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * gamma ** e</c>, Paddle's closed form (its documentation describes it as "last lr
/// times gamma", but the code is not recursive).</para>
/// <para>vs PyTorch <c>ExponentialLR</c>: torch multiplies the current learning rate by <c>gamma</c> each step, so
/// its values differ from these in the last bit (at 25 of the first 31 epochs for gamma 0.9, at most 3.5e-16
/// relative), and it accepts any <c>gamma</c>; Paddle and Anneal require <c>0 &lt; gamma &lt; 1</c>.</para>
/// <para>Spec: <c>ExponentialDecay(learning_rate, gamma)</c>.</para>
/// </remarks>
/// <example>
/// <c>new ExponentialDecay(0.5, gamma: 0.9)</c> gives 0.5, 0.45, 0.405, 0.36450000000000005, 0.32805, ...
/// </example>
public sealed class ExponentialDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "ExponentialDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("gamma", "gamma", ParamKind.Real),
        ],
        a => new ExponentialDecay(a.Real("learning_rate"), a.Real("gamma")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="gamma">The factor per epoch (Paddle <c>gamma</c>), in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public ExponentialDecay(double learningRate, double gamma)
    {
        Gamma = Guard.InRange(gamma, 0.0, 1.0, minInclusive: false, maxInclusive: false);
        LearningRate = Guard.NonNegative(learningRate);
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The factor per epoch.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return GeometricDecay.At(LearningRate, Gamma, step);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("gamma", Gamma));
}
