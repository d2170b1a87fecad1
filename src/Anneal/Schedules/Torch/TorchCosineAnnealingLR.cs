using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cosine annealing from <c>lr</c> to <c>eta_min</c> over <c>T_max</c> epochs (PyTorch
/// <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>; Paddle <c>CosineAnnealingDecay</c>). Instances are immutable
/// and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = eta_min + (lr - eta_min) * (1 + cos(pi * e / T_max)) / 2</c>, PyTorch's closed form (computed by
/// <see cref="CosineAnnealingDecay"/>, which has the same one). PyTorch's <c>step()</c> uses a recursion that agrees
/// to about 2e-15. Past <c>T_max</c> the rate rises again along the cosine, as in PyTorch.</para>
/// <para>Refused beyond PyTorch: <c>T_max</c> ≤ 0 (PyTorch divides by zero) and a negative <c>eta_min</c>
/// (negative rates).</para>
/// <para>Spec: <c>torch.CosineAnnealingLR(lr, T_max, eta_min=0.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchCosineAnnealingLR(0.1, tMax: 4)</c> gives 0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0,
/// then rises again.
/// </example>
public sealed class TorchCosineAnnealingLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.CosineAnnealingLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("T_max", "tMax", ParamKind.Integer),
            ParamSpec.Opt("eta_min", "etaMin", ParamKind.Real, 0.0),
        ],
        a => new TorchCosineAnnealingLR(a.Real("lr"), a.Integer("T_max"), a.Real("eta_min")));

    private readonly CosineAnnealingDecay _cosine;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="tMax">Epochs of the half cosine (PyTorch <c>T_max</c>), &gt; 0.</param>
    /// <param name="etaMin">The minimum learning rate (PyTorch <c>eta_min</c>), finite and ≥ 0; may exceed <paramref name="lr"/>. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchCosineAnnealingLR(double lr, long tMax, double etaMin = 0.0)
    {
        Guard.NonNegative(lr);
        _cosine = new CosineAnnealingDecay(lr, tMax, etaMin);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr => _cosine.LearningRate;

    /// <summary>Epochs from <see cref="Lr"/> down to <see cref="EtaMin"/>.</summary>
    public long TMax => _cosine.TMax;

    /// <summary>The minimum learning rate.</summary>
    public double EtaMin => _cosine.EtaMin;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => _cosine.At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("T_max", TMax), ("eta_min", EtaMin));
}
