using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchLRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Anneal.TorchSharp;

/// <summary>
/// Drives a TorchSharp optimizer with any Anneal schedule or scheduler, as a drop-in
/// <c>torch.optim.lr_scheduler.LRScheduler</c>: existing <c>optimizer.step(); scheduler.step();</c> loops work
/// unchanged, <c>get_last_lr()</c> is right for every param group after every step, and ReduceOnPlateau is
/// advanced with <c>step(metric)</c>.
/// </summary>
/// <remarks>
/// <para>Like a PyTorch scheduler, it writes the learning rate of epoch 0 (or of <c>lastEpoch + 1</c> when resumed)
/// into the optimizer when it is created, and the next epoch's at every <see cref="step()"/>. Group <c>i</c> gets
/// <c>schedule(e) × GroupMultipliers[i]</c>; by default (<see cref="GroupScaling.KeepRatios"/>) the multipliers are
/// the groups' initial learning rates divided by group 0's, so group 0 follows the schedule exactly and every group
/// keeps its ratio to it (Paddle's per-parameter multiplier, PyTorch's per-group base rates; see
/// <see cref="GroupScaling"/> for the rule).</para>
/// <para>For <c>torch.OneCycleLR</c> and <c>torch.CyclicLR</c> (and containers of them) with
/// <c>cycle_momentum=True</c>, it also writes PyTorch's momentum, inverse to the rate, into each group: SGD's (and
/// RMSProp's) momentum through <see cref="optim.IMomentum"/>, or the Adam family's beta1 through
/// <see cref="optim.IBetas"/> with beta2 kept.</para>
/// <para><c>get_last_lr()</c> returns one list, refreshed in place by every step (TorchSharp's own schedulers do the
/// same); copy it to keep a value. <see cref="step()"/> does not allocate.</para>
/// <para>Bad values never reach the optimizer: every group's rate (and the momentum) is computed and checked first,
/// and a rate that is negative or not finite is refused with the optimizer and the scheduler left as they were.</para>
/// <para>Its state (<see cref="SaveState"/>) is versioned JSON that carries the spec, the epoch, the group count and
/// the multipliers; save it beside the optimizer's <c>save_state_dict</c> (or use <see cref="Checkpoint"/>). Resume
/// is exact.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
/// <example>
/// <code>
/// using var optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
/// var scheduler = optimizer.UseSchedule("torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=1000)");
/// for (var i = 0; i &lt; 1000; i++)
/// {
///     // forward, backward ...
///     optimizer.step();
///     scheduler.step();
/// }
/// </code>
/// </example>
public sealed partial class AnnealLRScheduler : TorchLRScheduler
{
    /// <summary>What <see cref="Compute"/> returns when every value can be written.</summary>
    private const int Valid = -1;

    private readonly optim.ILearningRateController[] _groups;
    private readonly List<ParamGroup>? _liveGroupList;
    private readonly IReadOnlyCollection<optim.ILearningRateController>? _liveGroups;
    private readonly optim.ILearningRateController? _optimizerRate;
    private readonly double[] _multipliers;
    private readonly double[] _pending;
    private readonly List<double> _lastLrs;
    private readonly MomentumTargets? _momentum;
    private readonly Scheduler? _pure;
    private readonly OptimizerHelper? _stateOwner;
    private readonly int _stateCount;

    private AnnealLRScheduler(optim.Optimizer optimizer, LRScheduler scheduler, GroupScaling groups, bool cycleMomentum)
        : base(optimizer, -1, false)
    {
        Optimizer = optimizer;
        AnnealScheduler = scheduler;
        _pure = scheduler as Scheduler;
        _groups = OptimizerAccess.Groups(optimizer);
        // TorchSharp's optimizers keep their groups in a List<ParamGroup>; its Count is the cheapest check per step.
        _liveGroupList = optimizer.ParamGroups as List<ParamGroup>;
        _liveGroups = _liveGroupList is null ? optimizer.ParamGroups as IReadOnlyCollection<optim.ILearningRateController> : null;

        // LBFGS keeps its rate on the optimizer (native), not in its one param group.
        _optimizerRate = optimizer as optim.ILearningRateController;
        _multipliers = groups.Resolve(_groups);
        GroupMultipliers = Array.AsReadOnly(_multipliers);
        _pending = new double[_groups.Length];
        if (cycleMomentum && scheduler.Definition is Schedule { CyclesMomentum: true })
        {
            _momentum = MomentumTargets.Find(optimizer, _groups, scheduler.Definition.Name);
        }

        // The base constructor filled get_last_lr()'s list with one entry per group; it is refreshed in place.
        _lastLrs = get_last_lr() as List<double> ?? throw new InvalidOperationException("TorchSharp's get_last_lr() did not return a List<double>");
        if (OptimizerAccess.StateCount(optimizer) is { } count)
        {
            _stateOwner = (OptimizerHelper)optimizer;
            _stateCount = count;
        }

        if (Compute(scheduler.LastLR, scheduler.LastMomentum) != Valid)
        {
            throw new ArgumentException($"{Problem(scheduler.LastLR, scheduler.LastMomentum, scheduler.LastEpoch)} The optimizer was left unchanged.", "schedule");
        }

        Write();
    }

    /// <summary>The optimizer this scheduler drives.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The Anneal scheduler that gives the rate (a <see cref="Scheduler"/>, <see cref="ReduceOnPlateauScheduler"/> or <see cref="TorchReduceLROnPlateauScheduler"/>).</summary>
    public LRScheduler AnnealScheduler { get; }

    /// <summary>The definition (schedule or ReduceOnPlateau) this scheduler follows.</summary>
    public IScheduleDefinition Definition => AnnealScheduler.Definition;

    /// <summary>The current epoch: 0 after a fresh start (or <c>lastEpoch + 1</c>), then one more per step.</summary>
    public long LastEpoch => AnnealScheduler.LastEpoch;

    /// <summary>The schedule's current learning rate; param group <c>i</c> has <c>LastLR × GroupMultipliers[i]</c> (see <c>get_last_lr()</c>).</summary>
    public double LastLR => AnnealScheduler.LastLR;

    /// <summary>
    /// The momentum (or Adam beta1) written to every param group at the current epoch, when the schedule cycles it
    /// and cycling was not turned off; otherwise <see langword="null"/> (the optimizer's momentum is left alone).
    /// </summary>
    public double? LastMomentum => _momentum is null ? null : AnnealScheduler.LastMomentum;

    /// <summary>Whether this scheduler writes a cycled momentum (or beta1) into the optimizer.</summary>
    public bool CyclesMomentum => _momentum is not null;

    /// <summary>The number of param groups this scheduler drives.</summary>
    public int GroupCount => _groups.Length;

    /// <summary>Param group <c>i</c>'s learning rate is the schedule's times <c>GroupMultipliers[i]</c>.</summary>
    public IReadOnlyList<double> GroupMultipliers { get; }

    /// <summary>Drives <paramref name="optimizer"/> with <paramref name="schedule"/>, and writes the first epoch's learning rate (and momentum) into it.</summary>
    /// <param name="optimizer">A TorchSharp optimizer (SGD, Adam, AdamW, ...).</param>
    /// <param name="schedule">A schedule (<see cref="Schedule.Parse"/>) or a ReduceOnPlateau definition (<see cref="ScheduleSpec.Parse"/>).</param>
    /// <param name="groups">How the param groups' rates follow the schedule. The default value is <see cref="GroupScaling.KeepRatios"/>.</param>
    /// <param name="cycleMomentum">Whether to write the momentum (or beta1) of a schedule that cycles it. The default value is <see langword="true"/>.</param>
    /// <param name="lastEpoch">-1 (the default) for a fresh start at epoch 0, or the last epoch already done (≥ 0) to resume at <c>lastEpoch + 1</c> (PyTorch's <c>last_epoch</c>); resume is exact for every schedule.</param>
    /// <returns>The scheduler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="schedule"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1 or past the schedule's end.</exception>
    /// <exception cref="ArgumentException">The group multipliers cannot be formed, momentum cycling was asked of an optimizer with neither momentum nor betas, or the schedule's first rate is negative or not finite; the optimizer is unchanged.</exception>
    public static AnnealLRScheduler Create(
        optim.Optimizer optimizer,
        IScheduleDefinition schedule,
        GroupScaling? groups = null,
        bool cycleMomentum = true,
        long lastEpoch = -1)
    {
        OptimizerAccess.CheckUsable(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        return new AnnealLRScheduler(optimizer, schedule.CreateScheduler(lastEpoch), groups ?? GroupScaling.KeepRatios, cycleMomentum);
    }

    /// <summary>
    /// Drives <paramref name="optimizer"/> with an existing Anneal scheduler (for example one restored with
    /// <see cref="LRScheduler.Restore"/>), from its current epoch: that epoch's rate is written now, and
    /// <see cref="step()"/> advances <paramref name="scheduler"/>.
    /// </summary>
    /// <param name="optimizer">A TorchSharp optimizer.</param>
    /// <param name="scheduler">The Anneal scheduler; from now on advance it only through this object.</param>
    /// <param name="groups">How the param groups' rates follow the schedule. The default value is <see cref="GroupScaling.KeepRatios"/>.</param>
    /// <param name="cycleMomentum">Whether to write the momentum (or beta1) of a schedule that cycles it. The default value is <see langword="true"/>.</param>
    /// <returns>The scheduler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="ArgumentException">The group multipliers cannot be formed, momentum cycling was asked of an optimizer with neither momentum nor betas, or the current rate is negative or not finite; the optimizer is unchanged.</exception>
    public static AnnealLRScheduler Create(
        optim.Optimizer optimizer,
        LRScheduler scheduler,
        GroupScaling? groups = null,
        bool cycleMomentum = true)
    {
        OptimizerAccess.CheckUsable(optimizer);
        ArgumentNullException.ThrowIfNull(scheduler);
        return new AnnealLRScheduler(optimizer, scheduler, groups ?? GroupScaling.KeepRatios, cycleMomentum);
    }

    /// <summary>Advances one epoch and writes its learning rate (and momentum) into every param group.</summary>
    /// <exception cref="InvalidOperationException">The schedule is metric-driven (call <c>step(metric)</c>), ends here (OneCycleLR past <c>total_steps</c>), or gives a negative or non-finite rate; or the optimizer's param groups changed. The optimizer and the scheduler are unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer has been disposed.</exception>
    public override void step()
    {
        var scheduler = PureScheduler();
        var previous = scheduler.LastEpoch;
        scheduler.Step();
        Commit(scheduler, previous);
    }

    /// <summary>Jumps to <paramref name="epoch"/> (the schedule's value there) or, when it is null, advances one epoch.</summary>
    /// <param name="epoch">The epoch, ≥ 0, or <see langword="null"/> for the next one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative or past the schedule's end; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The schedule is metric-driven (call <c>step(metric, epoch)</c>) or gives a negative or non-finite rate there; or the optimizer's param groups changed. Nothing changes.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer has been disposed.</exception>
    public override void step(int? epoch)
    {
        if (epoch is not { } e)
        {
            step();
            return;
        }

        var scheduler = PureScheduler();
        var previous = scheduler.LastEpoch;
        scheduler.Step((long)e);
        Commit(scheduler, previous);
    }

    /// <summary>
    /// Ends an epoch with its metric: for ReduceOnPlateau (Paddle's rule) and <c>torch.ReduceLROnPlateau</c>
    /// (PyTorch's) the metric decides whether to cut; every other schedule ignores it and advances as
    /// <see cref="step(int?)"/> does (TorchSharp's rule). <c>get_last_lr()</c> is fresh right after.
    /// </summary>
    /// <param name="current">The epoch's metric (the loss for mode min, the accuracy for mode max). NaN and infinities count as a bad epoch.</param>
    /// <param name="epoch">The epoch to record, ≥ 0, or <see langword="null"/> for the next one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative or past the schedule's end; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The rate would be negative or not finite, or the optimizer's param groups changed; nothing changes.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer has been disposed.</exception>
    public override void step(double current, int? epoch = null)
    {
        switch (AnnealScheduler)
        {
            case ReduceOnPlateauScheduler paddle:
                {
                    ThrowIfUnusable();
                    var target = TargetEpoch(epoch);
                    if (((ReduceOnPlateau)paddle.Definition).Inner is { } inner)
                    {
                        // The cuts keep a valid schedule value valid, so checking the schedule first is enough.
                        CheckRate(inner.At(target), target);
                    }

                    if (epoch is null)
                    {
                        paddle.Step(current);
                    }
                    else
                    {
                        paddle.Step(current, target);
                    }

                    Commit(null, 0);
                    return;
                }

            case TorchReduceLROnPlateauScheduler torch:
                {
                    ThrowIfUnusable();
                    var target = TargetEpoch(epoch);
                    if (epoch is null)
                    {
                        torch.Step(current);
                    }
                    else
                    {
                        torch.Step(current, target);
                    }

                    Commit(null, 0);
                    return;
                }

            default:
                step(epoch);
                return;
        }
    }

    /// <summary>The learning rates of the current epoch, one per param group (no side effects; the same list as <c>get_last_lr()</c>).</summary>
    /// <returns>The rates.</returns>
    protected override IEnumerable<double> get_lr() => _lastLrs;

    /// <summary>The learning rates of the current epoch, one per param group: every Anneal schedule is in closed form.</summary>
    /// <returns>The rates.</returns>
    protected override IEnumerable<double> get_closed_form_lr() => _lastLrs;

    /// <summary>The Anneal scheduler of a pure schedule, after the usability checks.</summary>
    private Scheduler PureScheduler()
    {
        ThrowIfUnusable();
        return _pure ?? ThrowMetricDriven();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Scheduler ThrowMetricDriven() => throw new InvalidOperationException(
        $"{Definition.Name} is driven by a metric: call step(metric) with the epoch's loss (mode min) or accuracy (mode max)");

    private long TargetEpoch(int? epoch)
    {
        if (epoch is { } e && e < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), e, "must be >= 0");
        }

        return epoch ?? (AnnealScheduler.LastEpoch + 1);
    }

    private void CheckRate(double lr, long epoch)
    {
        if (Compute(lr, null) != Valid)
        {
            throw new InvalidOperationException($"{Problem(lr, null, epoch)} The optimizer and the scheduler were left unchanged.");
        }
    }

    /// <summary>
    /// Checks and writes the values the Anneal scheduler has just moved to; when they are refused, moves a pure
    /// scheduler back to <paramref name="previous"/> (its values are a function of the epoch) and throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(Scheduler? pure, long previous)
    {
        var scheduler = AnnealScheduler;
        if (!Fill(scheduler.LastLR) || (_momentum is not null && !MomentumFits(scheduler.LastMomentum)))
        {
            Refuse(pure, previous);
        }

        _step_count++;
        Write();
    }

    /// <summary>The failure path of <see cref="Commit"/>, kept out of the hot path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refuse(Scheduler? pure, long previous)
    {
        var problem = Problem(AnnealScheduler.LastLR, AnnealScheduler.LastMomentum, AnnealScheduler.LastEpoch);
        pure?.Step(previous);
        throw new InvalidOperationException($"{problem} {(pure is null ? "The optimizer was" : "The optimizer and the scheduler were")} left unchanged.");
    }

    /// <summary>Fills the pending rates and returns <see cref="Valid"/>, or returns the group whose rate is refused (or the group count for the momentum). No allocation.</summary>
    private int Compute(double lr, double? momentum)
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (!Fits(lr * _multipliers[i]))
            {
                return i;
            }
        }

        _ = Fill(lr);
        return _momentum is not null && !MomentumFits(momentum) ? _pending.Length : Valid;
    }

    /// <summary>Fills the pending rates; false when one of them is negative or not finite. No allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Fill(double lr)
    {
        var multipliers = _multipliers;
        var pending = _pending;
        for (var i = 0; i < pending.Length && i < multipliers.Length; i++)
        {
            var value = lr * multipliers[i];
            if (!Fits(value))
            {
                return false;
            }

            pending[i] = value;
        }

        return true;
    }

    /// <summary>Finite and ≥ 0 (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fits(double rate) => rate >= 0 && rate <= double.MaxValue;

    private bool MomentumFits(double? momentum) => momentum is not { } m || _momentum!.Problem(m) is null;

    /// <summary>Why <see cref="Compute"/> refused <paramref name="lr"/> or <paramref name="momentum"/> at <paramref name="epoch"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string Problem(double lr, double? momentum, long epoch)
    {
        var refused = Compute(lr, momentum);
        if (refused < _pending.Length)
        {
            var value = lr * _multipliers[refused];
            var group = _multipliers[refused] == 1.0
                ? string.Empty
                : $" (param group {refused}, multiplier {GroupScaling.Format(_multipliers[refused])}: {GroupScaling.Format(value)})";
            return $"{Definition.Name} gives the learning rate {GroupScaling.Format(lr)} at epoch {epoch}{group}; a learning rate must be finite and >= 0.";
        }

        return $"{Definition.Name} gives the momentum {GroupScaling.Format(momentum!.Value)} at epoch {epoch}; {_momentum!.Problem(momentum.Value)}.";
    }

    /// <summary>Writes the pending rates and the momentum. No allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write()
    {
        var pending = _pending;
        var groups = _groups;
        var lastLrs = CollectionsMarshal.AsSpan(_lastLrs);
        for (var i = 0; i < pending.Length && i < groups.Length && i < lastLrs.Length; i++)
        {
            groups[i].LearningRate = pending[i];
            lastLrs[i] = pending[i];
        }

        if (_optimizerRate is not null)
        {
            _optimizerRate.LearningRate = pending[0];
        }

        if (_momentum is not null && AnnealScheduler.LastMomentum is { } momentum)
        {
            _momentum.Write(momentum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfUnusable()
    {
        if (_stateOwner is not null && _stateCount > 0 && OptimizerAccess.StateField(_stateOwner).Count == 0)
        {
            OptimizerAccess.ThrowDisposed(Optimizer);
        }

        var live = _liveGroupList?.Count ?? _liveGroups?.Count ?? _groups.Length;
        if (live != _groups.Length)
        {
            ThrowGroupsChanged(live);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowGroupsChanged(int live) => throw new InvalidOperationException(
        $"the optimizer now has {live} param groups, but this scheduler was created for {_groups.Length}: create a new scheduler after add_param_group");
}
