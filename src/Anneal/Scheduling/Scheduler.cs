using System.Text.Json;
using Anneal.Internal;

namespace Anneal;

/// <summary>
/// The scheduler over a pure <see cref="Schedule"/>: only a counter. <see cref="LRScheduler.LastLR"/> is always
/// <c>Schedule.At(LastEpoch)</c>, so explicit epochs land on the curve and resume is exact.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Step()"/> does not allocate.</remarks>
public sealed class Scheduler : LRScheduler
{
    internal Scheduler(Schedule schedule, long lastEpoch)
    {
        Schedule = schedule;
        Guard.Require(lastEpoch >= -1, nameof(lastEpoch), lastEpoch, "must be >= -1 (-1 starts fresh at epoch 0)");
        var first = lastEpoch + 1;
        LastLR = Evaluate(first, nameof(lastEpoch));
        LastMomentum = Momentum(first);
        LastEpoch = first;
    }

    /// <summary>The schedule this scheduler follows.</summary>
    public Schedule Schedule { get; }

    /// <inheritdoc />
    public override IScheduleDefinition Definition => Schedule;

    /// <inheritdoc />
    public override void Step()
    {
        var next = LastEpoch + 1;
        double lr;
        try
        {
            lr = Schedule.Next(next, LastLR);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"{Schedule.Name} cannot step to epoch {next}: {ex.Data[Guard.RequirementKey] ?? ex.Message}", ex);
        }

        LastMomentum = Momentum(next);
        LastLR = lr;
        LastEpoch = next;
    }

    /// <inheritdoc />
    public override void Step(long epoch)
    {
        var lr = Evaluate(epoch, nameof(epoch));
        LastMomentum = Momentum(epoch);
        LastLR = lr;
        LastEpoch = epoch;
    }

    /// <inheritdoc />
    private protected override void ApplyState(JsonElement root)
    {
        var epoch = ReadInt64(root, "last_epoch");
        var saved = ReadDouble(root, "last_lr");
        double computed;
        try
        {
            computed = Schedule.At(epoch);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException($"the state's last_epoch = {epoch} is outside the schedule: {ex.Data[Guard.RequirementKey] ?? ex.Message}", "state", ex);
        }

        CheckConsistent(saved, computed, epoch);
        LastMomentum = Momentum(epoch);
        LastEpoch = epoch;
        LastLR = computed;
    }

    /// <summary>The momentum at an epoch whose learning rate was just computed (so the epoch is in the domain).</summary>
    private double? Momentum(long epoch) => Schedule.CyclesMomentum ? Schedule.MomentumAt(epoch) : null;

    private double Evaluate(long epoch, string paramName)
    {
        try
        {
            return Schedule.At(epoch);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Guard.OutOfRange(paramName, epoch, (ex.Data[Guard.RequirementKey] as string) ?? ex.Message);
        }
    }
}
