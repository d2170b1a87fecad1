using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Decays the learning rate by the factor <c>exp(-gamma)</c> per epoch (Paddle
/// <c>paddle.optimizer.lr.NaturalExpDecay</c>; PyTorch's nearest is <c>ExponentialLR(gamma=exp(-gamma))</c>, which
/// multiplies recursively and can differ in the last bits). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * exp(-1 * gamma * e)</c>, evaluated as <c>exp((-1 * gamma) * e)</c> like
/// Paddle.</para>
/// <para><c>gamma</c> has no default: Paddle's documentation claims 0.1, but its constructor requires it.</para>
/// <para>Spec: <c>NaturalExpDecay(learning_rate, gamma)</c>.</para>
/// </remarks>
/// <example>
/// <c>new NaturalExpDecay(0.5, gamma: 0.1)</c> gives 0.5, 0.45241870901797976, 0.4093653765389909,
/// 0.37040911034085894, ...
/// </example>
public sealed class NaturalExpDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "NaturalExpDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("gamma", "gamma", ParamKind.Real),
        ],
        a => new NaturalExpDecay(a.Real("learning_rate"), a.Real("gamma")));

    // -1 * gamma, the first product of Paddle's exp(-1 * gamma * e) (left to right): the same double on every step.
    private readonly double _rate;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="gamma">The decay rate per epoch, in the exponent (Paddle <c>gamma</c>), finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public NaturalExpDecay(double learningRate, double gamma)
    {
        Gamma = Guard.Positive(gamma);
        LearningRate = Guard.NonNegative(learningRate);
        _rate = -1 * Gamma;
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The decay rate per epoch.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return LearningRate * Math.Exp(_rate * step);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("gamma", Gamma));
}
