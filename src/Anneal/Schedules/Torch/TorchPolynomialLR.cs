using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Polynomial decay from <c>lr</c> to 0 over <c>total_iters</c> epochs, then 0 (PyTorch
/// <c>torch.optim.lr_scheduler.PolynomialLR</c>; Paddle <c>PolynomialDecay</c> with <c>end_lr=0</c>). Instances are
/// immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * (1.0 - min(total_iters, e) / total_iters) ** power</c>, PyTorch's closed form (computed by
/// <see cref="PolynomialDecay"/> with <c>end_lr = 0</c> and <c>cycle = False</c>, which gives the same bits).
/// PyTorch's chainable steps multiply by <c>((1 - e/T) / (1 - (e-1)/T)) ** power</c>, which agrees to rounding.</para>
/// <para>Refused, where PyTorch fails or degenerates: <c>total_iters</c> ≤ 0 (its closed form divides by zero) and
/// <c>power</c> ≤ 0 (a negative power divides by zero at <c>total_iters</c>; 0 gives a constant).</para>
/// <para>Spec: <c>torch.PolynomialLR(lr, total_iters=5, power=1.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchPolynomialLR(0.05, totalIters: 4)</c> gives 0.05, 0.0375, 0.025, 0.0125, then 0 from epoch 4 on.
/// </example>
public sealed class TorchPolynomialLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.PolynomialLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Opt("total_iters", "totalIters", ParamKind.Integer, 5L),
            ParamSpec.Opt("power", "power", ParamKind.Real, 1.0),
        ],
        a => new TorchPolynomialLR(a.Real("lr"), a.Integer("total_iters"), a.Real("power")));

    private readonly PolynomialDecay _decay;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="totalIters">Epochs to reach 0 (PyTorch <c>total_iters</c>), &gt; 0. The default value is 5.</param>
    /// <param name="power">The power of the polynomial (PyTorch <c>power</c>), finite and &gt; 0. The default value is 1.0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchPolynomialLR(double lr, long totalIters = 5, double power = 1.0)
    {
        Guard.NonNegative(lr);
        Guard.Positive(totalIters);
        _decay = new PolynomialDecay(lr, totalIters, endLr: 0.0, power: power);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr => _decay.LearningRate;

    /// <summary>Epochs to reach 0.</summary>
    public long TotalIters => _decay.DecaySteps;

    /// <summary>The power of the polynomial.</summary>
    public double Power => _decay.Power;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => _decay.At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("total_iters", TotalIters), ("power", Power));
}
