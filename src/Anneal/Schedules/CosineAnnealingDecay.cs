using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cosine annealing from <c>learning_rate</c> to <c>eta_min</c> over <c>T_max</c> epochs (Paddle
/// <c>paddle.optimizer.lr.CosineAnnealingDecay</c>, PyTorch <c>CosineAnnealingLR</c>). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = eta_min + (learning_rate - eta_min) * (1 + cos(pi * e / T_max)) / 2</c>, evaluated in Paddle's
/// order of operations. Paddle's <c>step()</c> uses a recursive form that agrees with this closed form to about
/// 2e-15; Anneal evaluates the closed form everywhere (Paddle itself uses it for explicit epochs).</para>
/// <para>Past <c>T_max</c> the value neither clamps nor restarts: it follows the cosine wave of period
/// <c>2 * T_max</c>, back up to <c>learning_rate</c> at <c>2 * T_max</c>, exactly as Paddle and PyTorch do.</para>
/// <para>Spec: <c>CosineAnnealingDecay(learning_rate, T_max, eta_min=0.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new CosineAnnealingDecay(0.5, tMax: 10)</c> gives 0.5, 0.4877..., 0.4522..., ..., 0.0 at epoch 10, 0.0122... at 11.
/// </example>
public sealed class CosineAnnealingDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "CosineAnnealingDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("T_max", "tMax", ParamKind.Integer),
            ParamSpec.Opt("eta_min", "etaMin", ParamKind.Real, 0.0),
        ],
        a => new CosineAnnealingDecay(a.Real("learning_rate"), a.Integer("T_max"), a.Real("eta_min")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="tMax">Epochs of the half cosine (Paddle <c>T_max</c>), &gt; 0.</param>
    /// <param name="etaMin">The minimum learning rate (Paddle <c>eta_min</c>), finite and ≥ 0 (Paddle accepts a negative one and outputs negative rates); may exceed <paramref name="learningRate"/>. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public CosineAnnealingDecay(double learningRate, long tMax, double etaMin = 0.0)
    {
        LearningRate = Guard.NonNegative(learningRate);
        TMax = Guard.Positive(tMax);
        EtaMin = Guard.NonNegative(etaMin);
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Epochs from <see cref="LearningRate"/> down to <see cref="EtaMin"/>.</summary>
    public long TMax { get; }

    /// <summary>The minimum learning rate.</summary>
    public double EtaMin { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return EtaMin + ((LearningRate - EtaMin) * (1 + Math.Cos(Math.PI * step / TMax)) / 2);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("T_max", TMax), ("eta_min", EtaMin));
}
