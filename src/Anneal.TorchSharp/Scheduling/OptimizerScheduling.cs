using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>Puts an Anneal schedule in charge of a TorchSharp optimizer's learning rate.</summary>
/// <example>
/// <code>
/// var optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
/// var scheduler = optimizer.UseSchedule(new CosineAnnealingDecay(0.1, tMax: 95).WithWarmup(5));
/// </code>
/// </example>
public static class OptimizerScheduling
{
    /// <summary>Drives <paramref name="optimizer"/> with <paramref name="schedule"/> (see <see cref="AnnealLRScheduler.Create(optim.Optimizer, IScheduleDefinition, GroupScaling?, bool, long)"/>).</summary>
    /// <param name="optimizer">A TorchSharp optimizer (SGD, Adam, AdamW, ...).</param>
    /// <param name="schedule">A schedule, or a ReduceOnPlateau definition.</param>
    /// <param name="groups">How the param groups' rates follow the schedule. The default value is <see cref="GroupScaling.KeepRatios"/>.</param>
    /// <param name="cycleMomentum">Whether to write the momentum (or beta1) of a schedule that cycles it. The default value is <see langword="true"/>.</param>
    /// <param name="lastEpoch">-1 (the default) for a fresh start, or the last epoch already done (≥ 0) to resume at <c>lastEpoch + 1</c>.</param>
    /// <returns>The scheduler; it has already written the first epoch's rate into the optimizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="schedule"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1 or past the schedule's end.</exception>
    /// <exception cref="ArgumentException">The group multipliers cannot be formed, momentum cycling was asked of an optimizer with neither momentum nor betas, or the first rate is negative or not finite; the optimizer is unchanged.</exception>
    public static AnnealLRScheduler UseSchedule(
        this optim.Optimizer optimizer,
        IScheduleDefinition schedule,
        GroupScaling? groups = null,
        bool cycleMomentum = true,
        long lastEpoch = -1)
        => AnnealLRScheduler.Create(optimizer, schedule, groups, cycleMomentum, lastEpoch);

    /// <summary>Drives <paramref name="optimizer"/> with the schedule that <paramref name="spec"/> describes (<see cref="ScheduleSpec.Parse"/>).</summary>
    /// <param name="optimizer">A TorchSharp optimizer (SGD, Adam, AdamW, ...).</param>
    /// <param name="spec">Spec text, e.g. <c>torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=1000)</c> or <c>ReduceOnPlateau(learning_rate=0.1, patience=3)</c>.</param>
    /// <param name="groups">How the param groups' rates follow the schedule. The default value is <see cref="GroupScaling.KeepRatios"/>.</param>
    /// <param name="cycleMomentum">Whether to write the momentum (or beta1) of a schedule that cycles it. The default value is <see langword="true"/>.</param>
    /// <param name="lastEpoch">-1 (the default) for a fresh start, or the last epoch already done (≥ 0) to resume at <c>lastEpoch + 1</c>.</param>
    /// <returns>The scheduler; it has already written the first epoch's rate into the optimizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="spec"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="SpecException"><paramref name="spec"/> is malformed or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1 or past the schedule's end.</exception>
    /// <exception cref="ArgumentException">The group multipliers cannot be formed, momentum cycling was asked of an optimizer with neither momentum nor betas, or the first rate is negative or not finite; the optimizer is unchanged.</exception>
    public static AnnealLRScheduler UseSchedule(
        this optim.Optimizer optimizer,
        string spec,
        GroupScaling? groups = null,
        bool cycleMomentum = true,
        long lastEpoch = -1)
    {
        OptimizerAccess.CheckUsable(optimizer);
        ArgumentNullException.ThrowIfNull(spec);
        return AnnealLRScheduler.Create(optimizer, ScheduleSpec.Parse(spec), groups, cycleMomentum, lastEpoch);
    }
}
