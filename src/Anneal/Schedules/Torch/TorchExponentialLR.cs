using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> every epoch (PyTorch <c>torch.optim.lr_scheduler.ExponentialLR</c>;
/// Paddle <c>ExponentialDecay</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * gamma ** e</c>, PyTorch's closed form (its chainable steps multiply by <c>gamma</c> each
/// epoch, which agrees to rounding: for 0.9 the two differ in the last bit at some epochs).</para>
/// <para>As in PyTorch, any <c>gamma</c> ≥ 0 is accepted, including 1 and above (an LR range test grows the rate
/// this way; a step where it overflows a double is refused). Paddle's ExponentialDecay requires 0 &lt; gamma &lt; 1.
/// A negative <c>gamma</c>, which PyTorch accepts, gives negative rates and is refused.</para>
/// <para>Spec: <c>torch.ExponentialLR(lr, gamma)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchExponentialLR(0.05, gamma: 0.9)</c> gives 0.05, 0.045, 0.0405, 0.03645, ...
/// </example>
public sealed class TorchExponentialLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.ExponentialLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("gamma", "gamma", ParamKind.Real),
        ],
        a => new TorchExponentialLR(a.Real("lr"), a.Real("gamma")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="gamma">The factor per epoch (PyTorch <c>gamma</c>), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchExponentialLR(double lr, double gamma)
    {
        Lr = Guard.NonNegative(lr);
        Gamma = Guard.NonNegative(gamma);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr { get; }

    /// <summary>The factor per epoch.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Also when <see cref="Gamma"/> &gt; 1 makes the rate overflow at <paramref name="step"/>.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        return TorchRules.Finite(GeometricDecay.At(Lr, Gamma, step), step, Gamma);
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("gamma", Gamma));
}
