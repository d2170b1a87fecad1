using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Anything a spec describes: a pure <see cref="Schedule"/>, or a metric-driven definition such as
/// <see cref="ReduceOnPlateau"/>. It prints as spec text (<see cref="object.ToString"/>) and JSON
/// (<see cref="ToJson"/>), both of which parse back to an equal definition, and it creates the stateful scheduler
/// that Paddle users know.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe. The interface is not meant to be implemented outside Anneal.</remarks>
public interface IScheduleDefinition
{
    /// <summary>The spec name, e.g. <c>CosineAnnealingDecay</c>.</summary>
    string Name { get; }

    /// <summary>The JSON form of the spec, e.g. <c>{"type":"StepDecay","learning_rate":0.1,"step_size":30}</c>.</summary>
    /// <returns>Compact JSON that <see cref="ScheduleSpec.FromJson"/> reads back.</returns>
    string ToJson();

    /// <summary>
    /// Creates a scheduler at epoch 0, or resumed after epoch <paramref name="lastEpoch"/> (Paddle's
    /// <c>last_epoch</c> argument: the first value it reports is the one at <c>lastEpoch + 1</c>).
    /// </summary>
    /// <param name="lastEpoch">-1 (the default) for a fresh start, or the last epoch already done (≥ 0).</param>
    /// <returns>A new scheduler; schedulers are not thread-safe.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1.</exception>
    LRScheduler CreateScheduler(long lastEpoch = -1);

    /// <summary>The spec as a syntax tree (for the spec writer).</summary>
    internal SpecCall ToSpec();
}
