using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <content>Saving and restoring the state, beside TorchSharp's optimizer state.</content>
public sealed partial class AnnealLRScheduler
{
    /// <summary>
    /// Creates the scheduler that <see cref="SaveState"/> saved, for <paramref name="optimizer"/>: the spec, epoch,
    /// group multipliers and momentum setting it carries. The saved epoch's rate is written into the optimizer.
    /// </summary>
    /// <param name="optimizer">The optimizer, with as many param groups as the saved one.</param>
    /// <param name="state">JSON written by <see cref="SaveState"/>.</param>
    /// <returns>A scheduler that continues exactly where the saved one stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="state"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="ArgumentException">The state is malformed, of another version, inconsistent, or for another number of param groups; the optimizer is unchanged.</exception>
    /// <exception cref="SpecException">The spec the state carries is not valid.</exception>
    public static AnnealLRScheduler Restore(optim.Optimizer optimizer, string state)
    {
        OptimizerAccess.CheckUsable(optimizer);
        var saved = SchedulerState.Read(state);
        CheckGroupCount(saved, OptimizerAccess.Groups(optimizer).Length, optimizer);
        return FromState(optimizer, saved, LRScheduler.Restore(saved.SchedulerJson));
    }

    /// <summary>Saves the state: the Anneal scheduler's (spec, epoch, rate, plateau counters) plus the param-group count, the multipliers and the momentum setting.</summary>
    /// <returns>Versioned JSON for <see cref="LoadState"/> or <see cref="Restore"/>.</returns>
    public string SaveState()
        => SchedulerState.Write(_groups.Length, _multipliers, _momentum is not null, AnnealScheduler.SaveState());

    /// <summary>
    /// Restores state saved by <see cref="SaveState"/> from a scheduler of the same spec, param-group count,
    /// multipliers and momentum setting, and writes the saved epoch's rate (and momentum) into the optimizer.
    /// Nothing changes when the state is refused.
    /// </summary>
    /// <param name="state">The saved JSON.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The JSON is malformed, of another version, for another spec or number of param groups, with other multipliers or momentum setting, or inconsistent.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer has been disposed.</exception>
    public void LoadState(string state)
    {
        var saved = SchedulerState.Read(state);
        CheckState(saved);
        ApplyState(saved);
    }

    /// <summary>Builds a scheduler from checked state and the Anneal scheduler restored from it.</summary>
    internal static AnnealLRScheduler FromState(optim.Optimizer optimizer, SchedulerState saved, LRScheduler restored)
        => new(optimizer, restored, GroupScaling.Multipliers(saved.Multipliers), saved.CycleMomentum);

    internal static void CheckGroupCount(SchedulerState saved, int groups, optim.Optimizer optimizer)
    {
        if (saved.ParamGroups != groups)
        {
            throw new ArgumentException(
                $"the state is for an optimizer with {saved.ParamGroups} param group(s), but this optimizer ({optimizer.GetType().Name}) has {groups}",
                "state");
        }
    }

    /// <summary>Checks that <paramref name="saved"/> fits this scheduler, changing nothing.</summary>
    internal void CheckState(SchedulerState saved)
    {
        ThrowIfUnusable();
        CheckGroupCount(saved, _groups.Length, Optimizer);
        var mine = Definition.ToString();
        if (!string.Equals(saved.Spec, mine, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the state is for {saved.Spec}, not for this scheduler's {mine}", "state");
        }

        for (var i = 0; i < _multipliers.Length; i++)
        {
            if (!(Math.Abs(saved.Multipliers[i] - _multipliers[i]) <= 1e-12 * Math.Max(1.0, Math.Abs(_multipliers[i]))))
            {
                throw new ArgumentException(
                    $"the state's group multipliers [{string.Join(", ", saved.Multipliers.Select(GroupScaling.Format))}] are not this scheduler's [{string.Join(", ", _multipliers.Select(GroupScaling.Format))}]: the param groups' learning rates differ from the saved run's (use AnnealLRScheduler.Restore to take the saved ones)",
                    "state");
            }
        }

        if (saved.CycleMomentum != (_momentum is not null))
        {
            throw new ArgumentException(
                $"the state was saved with momentum cycling {(saved.CycleMomentum ? "on" : "off")}, but this scheduler has it {(_momentum is null ? "off" : "on")}",
                "state");
        }

        var candidate = Definition.CreateScheduler();
        candidate.LoadState(saved.SchedulerJson);
        if (Compute(candidate.LastLR, candidate.LastMomentum) != Valid)
        {
            throw new ArgumentException(Problem(candidate.LastLR, candidate.LastMomentum, candidate.LastEpoch), "state");
        }
    }

    /// <summary>Applies state that <see cref="CheckState"/> accepted.</summary>
    internal void ApplyState(SchedulerState saved)
    {
        AnnealScheduler.LoadState(saved.SchedulerJson);
        saved.Multipliers.CopyTo(_multipliers, 0);
        _ = Compute(AnnealScheduler.LastLR, AnnealScheduler.LastMomentum);
        Write();
    }
}
