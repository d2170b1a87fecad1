using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cosine annealing from <c>lr</c> towards <c>eta_min</c> that restarts at <c>lr</c> after <c>T_0</c> epochs, then
/// after cycles <c>T_mult</c> times longer each time (SGDR; PyTorch
/// <c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts</c>; Paddle <c>CosineAnnealingWarmRestarts</c>).
/// Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>T_i</c> the length of the cycle that holds epoch <c>e</c> and <c>T_cur</c> the epochs since it began:
/// <c>lr(e) = eta_min + (lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2</c> (computed by Anneal's
/// <see cref="CosineAnnealingWarmRestarts"/>, whose formulas are PyTorch's). Stepping one epoch at a time gives
/// PyTorch's values; for an explicit epoch PyTorch finds the cycle with a truncated <c>log</c> that is off by one at
/// some exact restart points, while Anneal uses integer arithmetic.</para>
/// <para>PyTorch's fractional epochs (<c>step(epoch + i / iters)</c>) have no counterpart: steps are integers; size
/// the cycles in batches instead. Refused beyond PyTorch: a negative <c>eta_min</c> (negative rates).</para>
/// <para>Spec: <c>torch.CosineAnnealingWarmRestarts(lr, T_0, T_mult=1, eta_min=0.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchCosineAnnealingWarmRestarts(0.5, t0: 2, tMult: 2)</c> gives 0.5, 0.25, then 0.5 (restart at 2),
/// 0.42677669529663687, 0.25, 0.07322330470336313, then 0.5 (restart at 6), ...
/// </example>
public sealed class TorchCosineAnnealingWarmRestarts : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.CosineAnnealingWarmRestarts",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("T_0", "t0", ParamKind.Integer),
            ParamSpec.Opt("T_mult", "tMult", ParamKind.Integer, 1L),
            ParamSpec.Opt("eta_min", "etaMin", ParamKind.Real, 0.0),
        ],
        a => new TorchCosineAnnealingWarmRestarts(a.Real("lr"), a.Integer("T_0"), a.Integer("T_mult"), a.Real("eta_min")));

    private readonly CosineAnnealingWarmRestarts _restarts;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>): the rate at every restart, finite and ≥ 0.</param>
    /// <param name="t0">The length of the first cycle (PyTorch <c>T_0</c>), &gt; 0.</param>
    /// <param name="tMult">The factor by which each cycle is longer than the previous one (PyTorch <c>T_mult</c>), ≥ 1. The default value is 1.</param>
    /// <param name="etaMin">The rate the cosine heads for (PyTorch <c>eta_min</c>), finite and ≥ 0. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchCosineAnnealingWarmRestarts(double lr, long t0, long tMult = 1, double etaMin = 0.0)
    {
        Guard.NonNegative(lr);
        _restarts = new CosineAnnealingWarmRestarts(lr, t0, tMult, etaMin);
    }

    /// <summary>The optimizer's learning rate: the rate at every restart.</summary>
    public double Lr => _restarts.LearningRate;

    /// <summary>The length of the first cycle.</summary>
    public long T0 => _restarts.T0;

    /// <summary>The factor by which each cycle is longer than the previous one.</summary>
    public long TMult => _restarts.TMult;

    /// <summary>The rate the cosine heads for.</summary>
    public double EtaMin => _restarts.EtaMin;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => _restarts.At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("T_0", T0), ("T_mult", TMult), ("eta_min", EtaMin));
}
