using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Decays the learning rate in inverse proportion to the epoch (Paddle <c>paddle.optimizer.lr.InverseTimeDecay</c>;
/// PyTorch has no built-in equivalent: <c>LambdaLR(lambda e: 1 / (1 + gamma * e))</c> gives the same values up to
/// rounding). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate / (1 + gamma * e)</c>.</para>
/// <para><c>gamma</c> has no default: Paddle's documentation claims 0.1, but its constructor requires it. With
/// <c>gamma = 0</c> the learning rate is constant.</para>
/// <para>Correction: Paddle does not check <c>gamma</c>. A negative one makes the learning rate grow, turn negative
/// past <c>e = -1 / gamma</c> and divide by zero at that epoch when it is an integer; here <c>gamma</c> must be
/// ≥ 0.</para>
/// <para>Spec: <c>InverseTimeDecay(learning_rate, gamma)</c>.</para>
/// </remarks>
/// <example>
/// <c>new InverseTimeDecay(0.5, gamma: 0.1)</c> gives 0.5, 0.45454545454545453, 0.4166666666666667,
/// 0.3846153846153846, ..., 0.25 at epoch 10.
/// </example>
public sealed class InverseTimeDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "InverseTimeDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("gamma", "gamma", ParamKind.Real),
        ],
        a => new InverseTimeDecay(a.Real("learning_rate"), a.Real("gamma")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="gamma">The decay rate (Paddle <c>gamma</c>), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public InverseTimeDecay(double learningRate, double gamma)
    {
        Gamma = Guard.NonNegative(gamma);
        LearningRate = Guard.NonNegative(learningRate);
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The decay rate.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return LearningRate / (1 + (Gamma * step));
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("gamma", Gamma));
}
