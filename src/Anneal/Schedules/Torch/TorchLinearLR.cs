using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// A straight line from <c>lr * start_factor</c> to <c>lr * end_factor</c> over <c>total_iters</c> epochs, then
/// constant (PyTorch <c>torch.optim.lr_scheduler.LinearLR</c>; Paddle <c>LinearLR</c> with <c>total_steps</c>).
/// Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * (start_factor + (end_factor - start_factor) * min(total_iters, e) / total_iters)</c>,
/// PyTorch's closed form (the same as Anneal's <see cref="LinearLR"/>, which computes it). PyTorch's chainable steps
/// agree to rounding.</para>
/// <para>As in PyTorch, <c>start_factor</c> is in (0, 1] and <c>end_factor</c> in [0, 1]. Refused beyond PyTorch:
/// <c>total_iters</c> ≤ 0 (PyTorch's closed form divides by zero).</para>
/// <para>Spec: <c>torch.LinearLR(lr, start_factor=0.3333333333333333, end_factor=1.0, total_iters=5)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchLinearLR(0.05, startFactor: 0.5, totalIters: 4)</c> gives 0.025, 0.03125, 0.0375, 0.04375, then 0.05
/// from epoch 4 on.
/// </example>
public sealed class TorchLinearLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.LinearLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Opt("start_factor", "startFactor", ParamKind.Real, 1.0 / 3),
            ParamSpec.Opt("end_factor", "endFactor", ParamKind.Real, 1.0),
            ParamSpec.Opt("total_iters", "totalIters", ParamKind.Integer, 5L),
        ],
        a => new TorchLinearLR(a.Real("lr"), a.Real("start_factor"), a.Real("end_factor"), a.Integer("total_iters")));

    private readonly LinearLR _line;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="startFactor">The factor at epoch 0 (PyTorch <c>start_factor</c>), in (0, 1]. The default value is 1/3.</param>
    /// <param name="endFactor">The factor from <paramref name="totalIters"/> on (PyTorch <c>end_factor</c>), in [0, 1]. The default value is 1.0.</param>
    /// <param name="totalIters">Epochs from the start factor to the end factor (PyTorch <c>total_iters</c>), &gt; 0. The default value is 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchLinearLR(double lr, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5)
    {
        Guard.NonNegative(lr);
        Guard.Positive(totalIters);
        _line = new LinearLR(lr, totalIters, startFactor, endFactor);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr => _line.LearningRate;

    /// <summary>The factor at epoch 0.</summary>
    public double StartFactor => _line.StartFactor;

    /// <summary>The factor from <see cref="TotalIters"/> on.</summary>
    public double EndFactor => _line.EndFactor;

    /// <summary>Epochs from the start factor to the end factor.</summary>
    public long TotalIters => _line.TotalSteps;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => _line.At(step);

    internal override SpecCall ToSpec()
        => Descriptor.Call(("lr", Lr), ("start_factor", StartFactor), ("end_factor", EndFactor), ("total_iters", TotalIters));
}
