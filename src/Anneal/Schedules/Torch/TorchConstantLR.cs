using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The learning rate times <c>factor</c> until epoch <c>total_iters</c>, then the learning rate itself (PyTorch
/// <c>torch.optim.lr_scheduler.ConstantLR</c>; no Paddle equivalent). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * (factor + (e &gt;= total_iters) * (1 - factor))</c>, PyTorch's closed form: <c>lr * factor</c>
/// before <c>total_iters</c>, <c>lr * (factor + (1 - factor))</c> from it on. PyTorch's chainable steps multiply by
/// <c>factor</c> at epoch 0 and by <c>1.0 / factor</c> at <c>total_iters</c>, which agrees to rounding.</para>
/// <para>Refused, beyond PyTorch's <c>factor</c> in [0, 1]: <c>factor = 0</c> (PyTorch divides by zero at
/// <c>total_iters</c>) and <c>total_iters</c> ≤ 0 (PyTorch then never restores the rate, while its closed form
/// does).</para>
/// <para>Spec: <c>torch.ConstantLR(lr, factor=0.3333333333333333, total_iters=5)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchConstantLR(0.05, factor: 0.5, totalIters: 40)</c> gives 0.025 for epochs 0-39, then 0.05 (PyTorch's
/// documented example).
/// </example>
public sealed class TorchConstantLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.ConstantLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Opt("factor", "factor", ParamKind.Real, 1.0 / 3),
            ParamSpec.Opt("total_iters", "totalIters", ParamKind.Integer, 5L),
        ],
        a => new TorchConstantLR(a.Real("lr"), a.Real("factor"), a.Integer("total_iters")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="factor">The factor before <paramref name="totalIters"/> (PyTorch <c>factor</c>), in (0, 1]. The default value is 1/3.</param>
    /// <param name="totalIters">The first epoch at the full rate (PyTorch <c>total_iters</c>), &gt; 0. The default value is 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchConstantLR(double lr, double factor = 1.0 / 3, long totalIters = 5)
    {
        Factor = Guard.InRange(factor, 0.0, 1.0, minInclusive: false, maxInclusive: true);
        TotalIters = Guard.Positive(totalIters);
        Lr = Guard.NonNegative(lr);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr { get; }

    /// <summary>The factor before <see cref="TotalIters"/>.</summary>
    public double Factor { get; }

    /// <summary>The first epoch at the full rate.</summary>
    public long TotalIters { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return step >= TotalIters ? Lr * (Factor + (1 - Factor)) : Lr * Factor;
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("factor", Factor), ("total_iters", TotalIters));
}
