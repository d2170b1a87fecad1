using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Applies several PyTorch schedules at once: the product of their factors on the shared learning rate (PyTorch
/// <c>torch.optim.lr_scheduler.ChainedScheduler</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * Π_i (schedulers[i].At(e) / lr)</c>, computed as <c>schedulers[0].At(e) * Π_{i≥1}
/// (schedulers[i].At(e) / lr)</c> so that one scheduler alone gives its own values. All schedulers share the
/// container's <c>lr</c> (the optimizer's): in a spec they do not write it.</para>
/// <para>This is exactly PyTorch's result for its chainable schedulers, each of which multiplies the shared rate at
/// every step: <see cref="TorchConstantLR"/>, <see cref="TorchLinearLR"/>, <see cref="TorchStepLR"/>,
/// <see cref="TorchMultiStepLR"/>, <see cref="TorchExponentialLR"/>, <see cref="TorchMultiplicativeLR"/>,
/// <see cref="TorchPolynomialLR"/> and <see cref="TorchCosineAnnealingLR"/> with <c>eta_min = 0</c> (to rounding).
/// The others are multiplied in too, which differs from PyTorch: there, <see cref="TorchLambdaLR"/>,
/// <see cref="TorchCyclicLR"/>, <see cref="TorchOneCycleLR"/> and <see cref="TorchCosineAnnealingWarmRestarts"/>
/// overwrite the rate with their own value at each step (wiping the factors of the schedulers before them, and
/// leaving the later ones to multiply only their step's ratio), and <see cref="TorchCosineAnnealingLR"/> with
/// <c>eta_min &gt; 0</c> applies an affine step rather than a factor.</para>
/// <para>The momentum, when a scheduler cycles it, is the last such scheduler's in the list (PyTorch steps them in
/// order, so the last one to set it wins).</para>
/// <para>Refused, as in PyTorch: no schedulers, a metric-driven one (ReduceLROnPlateau). Refused beyond PyTorch: a
/// nested container, and <c>lr = 0</c> with more than one scheduler (each factor divides by <c>lr</c>).</para>
/// <para>Spec: <c>torch.ChainedScheduler(lr, schedulers)</c>, e.g. <c>torch.ChainedScheduler(lr=0.5,
/// schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.9)])</c>.</para>
/// </remarks>
/// <example>
/// The spec above gives 0.05, 0.045, 0.0405, ..., about 0.006754 at epoch 19, then about 0.06078 at epoch 20 and
/// 0.05470 at 21 (PyTorch's documented example, whose numbers are for lr = 0.5).
/// </example>
public sealed class TorchChainedScheduler : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.ChainedScheduler",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("schedulers", "schedulers", ParamKind.ScheduleList) with { InheritsLr = true },
        ],
        a => new TorchChainedScheduler(a.Real("lr"), TorchRules.Schedules(a.Definitions("schedulers"), "torch.ChainedScheduler")));

    private readonly Schedule[] _schedulers;
    private readonly Schedule? _momentumScheduler;

    /// <summary>Creates the chain.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0 (&gt; 0 with more than one scheduler); every scheduler must have it.</param>
    /// <param name="schedulers">The <c>torch.*</c> schedules, at least one; not containers.</param>
    /// <exception cref="ArgumentNullException">An argument or a scheduler is null.</exception>
    /// <exception cref="ArgumentException">A scheduler is not allowed here or has another <c>lr</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite, or 0 with more than one scheduler.</exception>
    public TorchChainedScheduler(double lr, IEnumerable<Schedule> schedulers)
    {
        Lr = Guard.NonNegative(lr);
        _schedulers = TorchRules.Children(schedulers, lr, "torch.ChainedScheduler");
        Guard.Require(
            lr > 0 || _schedulers.Length == 1,
            nameof(lr),
            lr,
            "must be > 0 to chain more than one scheduler (each scheduler's factor is its value divided by lr)");
        _momentumScheduler = Array.FindLast(_schedulers, s => s.CyclesMomentum);
    }

    /// <summary>The optimizer's learning rate, shared by every scheduler.</summary>
    public double Lr { get; }

    /// <summary>The schedulers, in order.</summary>
    public IReadOnlyList<Schedule> Schedulers => _schedulers;

    /// <inheritdoc />
    public override bool CyclesMomentum => _momentumScheduler is not null;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        var value = _schedulers[0].At(step);
        for (var i = 1; i < _schedulers.Length; i++)
        {
            value *= _schedulers[i].At(step) / Lr;
        }

        return value;
    }

    /// <summary>The momentum of the last scheduler in the list that cycles it.</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The momentum (or beta1).</returns>
    /// <exception cref="InvalidOperationException">No scheduler cycles momentum.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or outside that scheduler's domain.</exception>
    public override double MomentumAt(long step)
        => _momentumScheduler is { } s ? s.MomentumAt(step) : base.MomentumAt(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("schedulers", _schedulers));
}
