using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Runs PyTorch schedules one after another, each counted from 0 at its milestone (PyTorch
/// <c>torch.optim.lr_scheduler.SequentialLR</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = schedulers[i].At(e - milestones[i-1])</c>, where <c>i</c> is the number of milestones ≤ e (and
/// <c>milestones[-1] = 0</c>): PyTorch calls <c>_update_lr(0)</c> on a scheduler at its milestone, then plain steps,
/// which is Anneal's <see cref="Sequence"/> (this class holds one). All schedulers share the container's <c>lr</c>
/// (the optimizer's): in a spec they do not write it.</para>
/// <para>The momentum, when a scheduler cycles it (<see cref="TorchOneCycleLR"/>, <see cref="TorchCyclicLR"/>), is
/// what PyTorch leaves in the optimizer: the active scheduler's while it cycles momentum; otherwise the last value
/// the previous momentum scheduler set; before any has run, the step-0 momentum of the last one in the list (each
/// sets it when constructed).</para>
/// <para>Refused, as in PyTorch: no schedulers, a metric-driven one (ReduceLROnPlateau), a milestone count other
/// than one fewer than the schedulers. Refused beyond PyTorch: milestones that are not strictly increasing and
/// &gt; 0 (PyTorch does not check them and misorders its schedulers); a nested container (PyTorch fails at the
/// milestone); a <see cref="TorchMultiplicativeLR"/> after the first scheduler (PyTorch continues it from the previous
/// scheduler's last rate times <c>lr_lambda(0)</c>). Not modelled: PyTorch's OneCycleLR and CyclicLR constructors
/// also overwrite the optimizer's <c>initial_lr</c> or <c>lr</c>, which changes the base of schedulers constructed
/// after them; here every scheduler uses <c>lr</c>.</para>
/// <para>Spec: <c>torch.SequentialLR(lr, schedulers, milestones)</c>, e.g.
/// <c>torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1, total_iters=5),
/// torch.CosineAnnealingLR(T_max=95)], milestones=[5])</c>.</para>
/// </remarks>
/// <example>
/// <c>torch.SequentialLR(lr=0.05, schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.9)], milestones=[20])</c>
/// gives 0.005 for epochs 0-19, then 0.05, 0.045, 0.0405, ... from epoch 20 (PyTorch's documented example).
/// </example>
public sealed class TorchSequentialLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.SequentialLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("schedulers", "schedulers", ParamKind.ScheduleList) with { InheritsLr = true },
            ParamSpec.Req("milestones", "milestones", ParamKind.IntegerList),
        ],
        a => new TorchSequentialLR(
            a.Real("lr"),
            TorchRules.Schedules(a.Definitions("schedulers"), "torch.SequentialLR"),
            a.Integers("milestones")));

    private readonly Schedule[] _schedulers;
    private readonly long[] _milestones;
    private readonly Sequence _sequence;

    /// <summary>Creates the sequence.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0; every scheduler must have it.</param>
    /// <param name="schedulers">The <c>torch.*</c> schedules, at least one; not containers; a <see cref="TorchMultiplicativeLR"/> only first.</param>
    /// <param name="milestones">The steps where each next scheduler starts: one fewer than the schedulers, strictly increasing, each &gt; 0.</param>
    /// <exception cref="ArgumentNullException">An argument or a scheduler is null.</exception>
    /// <exception cref="ArgumentException">A scheduler is not allowed here or has another <c>lr</c>; the milestones do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite.</exception>
    public TorchSequentialLR(double lr, IEnumerable<Schedule> schedulers, IEnumerable<long> milestones)
    {
        Lr = Guard.NonNegative(lr);
        _schedulers = TorchRules.Children(schedulers, lr, "torch.SequentialLR");
        for (var i = 1; i < _schedulers.Length; i++)
        {
            if (_schedulers[i] is TorchMultiplicativeLR)
            {
                throw Guard.Invalid(
                    nameof(schedulers),
                    _schedulers[i].Name,
                    $"(index {i}) can only come first in torch.SequentialLR: at its milestone PyTorch continues from the previous scheduler's last lr times lr_lambda(0)");
            }
        }

        _milestones = [.. Guard.NotNull(milestones)];
        _sequence = new Sequence(_schedulers, _milestones);
        CyclesMomentum = Array.Exists(_schedulers, s => s.CyclesMomentum);
    }

    /// <summary>The optimizer's learning rate, shared by every scheduler.</summary>
    public double Lr { get; }

    /// <summary>The schedulers, in order.</summary>
    public IReadOnlyList<Schedule> Schedulers => _schedulers;

    /// <summary>The steps where each next scheduler starts.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    /// <inheritdoc />
    public override bool CyclesMomentum { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => _sequence.At(step);

    /// <summary>The momentum PyTorch leaves in the optimizer at <paramref name="step"/> (see the remarks).</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The momentum (or beta1).</returns>
    /// <exception cref="InvalidOperationException">No scheduler cycles momentum.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or outside the domain of a scheduler involved.</exception>
    public override double MomentumAt(long step)
    {
        if (!CyclesMomentum)
        {
            return base.MomentumAt(step);
        }

        CheckStep(step);
        var i = EpochLists.CountAtOrBefore(_milestones, step);
        for (var j = i; j >= 0; j--)
        {
            if (_schedulers[j].CyclesMomentum)
            {
                // The active scheduler, or the last one that cycled: its value at its last step before the next milestone.
                var start = j == 0 ? 0 : _milestones[j - 1];
                var local = j == i ? step - start : _milestones[j] - 1 - start;
                return _schedulers[j].MomentumAt(local);
            }
        }

        // No momentum scheduler has run yet: the last one constructed set its step-0 momentum.
        return Array.FindLast(_schedulers, s => s.CyclesMomentum)!.MomentumAt(0);
    }

    internal override double Next(long step, double previous)
        => _milestones.Length == 0 || step < _milestones[0] ? _schedulers[0].Next(step, previous) : _sequence.At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("schedulers", _schedulers), ("milestones", _milestones));
}
