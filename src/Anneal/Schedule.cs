using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// A learning-rate schedule: an immutable, pure function from the step (epoch or iteration, counted from 0) to the
/// learning rate. No optimizer, no counter, no I/O: the value at step 10⁹ costs the same as at step 1, resuming
/// needs no replay and plotting needs no stepping. Use <see cref="CreateScheduler"/> for the stateful shell that
/// Paddle users know.
/// </summary>
/// <remarks>
/// Every schedule prints as spec text (<see cref="ToString"/>) and JSON (<see cref="ToJson"/>) that
/// <see cref="Parse"/> and <see cref="FromJson"/> read back into an equal schedule. Two schedules are equal when
/// their specs are equal. Instances are immutable and thread-safe.
/// </remarks>
public abstract class Schedule : IScheduleDefinition, IEquatable<Schedule>
{
    private protected Schedule()
    {
    }

    /// <summary>The spec name, e.g. <c>CosineAnnealingDecay</c>.</summary>
    public string Name => SpecDescriptor.Name;

    /// <summary>The descriptor that prints and parses this schedule.</summary>
    private protected abstract ScheduleDescriptor SpecDescriptor { get; }

    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    /// <param name="step">The step (epoch or iteration), ≥ 0.</param>
    /// <returns>The learning rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or outside the schedule's domain (OneCycleLR past <c>total_steps</c>).</exception>
    public abstract double At(long step);

    /// <summary>
    /// Whether this schedule also gives a momentum (SGD momentum, or Adam's beta1) for every step, cycled inversely to
    /// the learning rate: PyTorch's <c>OneCycleLR</c> and <c>CyclicLR</c> with <c>cycle_momentum=True</c>.
    /// </summary>
    public virtual bool CyclesMomentum => false;

    /// <summary>The momentum at <paramref name="step"/>, for schedules where <see cref="CyclesMomentum"/> is true.</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The momentum (or beta1).</returns>
    /// <exception cref="InvalidOperationException">The schedule does not cycle momentum.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or outside the schedule's domain.</exception>
    public virtual double MomentumAt(long step)
        => throw new InvalidOperationException($"{Name} does not cycle momentum: check CyclesMomentum first");

    /// <summary>Parses spec text into a pure schedule.</summary>
    /// <param name="text">For example <c>StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)</c>.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="SpecException">The text is malformed or invalid, or describes a metric-driven definition such as ReduceOnPlateau.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static Schedule Parse(string text) => AsSchedule(ScheduleSpec.Parse(text));

    /// <summary>Reads the JSON form of a pure schedule.</summary>
    /// <param name="json">For example <c>{"type": "StepDecay", "learning_rate": 0.5, "step_size": 2}</c>.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="SpecException">The JSON is malformed or invalid, or describes a metric-driven definition.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static Schedule FromJson(string json) => AsSchedule(ScheduleSpec.FromJson(json));

    /// <summary>The canonical spec text: Paddle's constructor call with named arguments, defaults left out.</summary>
    /// <returns>Text that <see cref="Parse"/> reads back into an equal schedule.</returns>
    public override string ToString() => SpecWriter.Write(ToSpec());

    /// <inheritdoc />
    public string ToJson() => SpecJson.Write(ToSpec());

    /// <summary>Creates a scheduler at epoch 0, or resumed after <paramref name="lastEpoch"/>.</summary>
    /// <param name="lastEpoch">-1 (the default) for a fresh start, or the last epoch already done (≥ 0).</param>
    /// <returns>A new scheduler whose <see cref="LRScheduler.LastLR"/> is <c>At(lastEpoch + 1)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastEpoch"/> is below -1.</exception>
    public Scheduler CreateScheduler(long lastEpoch = -1) => new(this, lastEpoch);

    LRScheduler IScheduleDefinition.CreateScheduler(long lastEpoch) => CreateScheduler(lastEpoch);

    SpecCall IScheduleDefinition.ToSpec() => ToSpec();

    /// <inheritdoc />
    public bool Equals(Schedule? other)
        => other is not null && (ReferenceEquals(this, other) || (GetType() == other.GetType() && ToString() == other.ToString()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Schedule);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The spec as a syntax tree.</summary>
    internal abstract SpecCall ToSpec();

    /// <summary>
    /// The value at <paramref name="step"/> given the value at <c>step - 1</c>, for sequential stepping. It must equal
    /// <see cref="At"/> bit for bit; schedules whose closed form costs O(step) (MultiplicativeDecay) override it.
    /// </summary>
    internal virtual double Next(long step, double previous) => At(step);

    /// <summary>Refuses negative steps; call first in every <see cref="At"/>.</summary>
    private protected static void CheckStep(long step)
    {
        if (step < 0)
        {
            ThrowNegativeStep(step);
        }
    }

    private static void ThrowNegativeStep(long step) => throw Guard.OutOfRange(nameof(step), step, "must be >= 0 (steps are counted from 0)");

    private static Schedule AsSchedule(IScheduleDefinition definition) => definition as Schedule
        ?? throw new SpecException($"{definition.Name} is driven by metrics, not a pure schedule of the step: use ScheduleSpec.Parse and Step(metric)");
}
