using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>A constant learning rate. Instances are immutable and thread-safe.</summary>
/// <remarks>Spec: <c>Constant(learning_rate)</c>.</remarks>
public sealed class Constant : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Constant",
        [ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real)],
        a => new Constant(a.Real("learning_rate")));

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The learning rate, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    public Constant(double learningRate) => LearningRate = Guard.NonNegative(learningRate);

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return LearningRate;
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("learning_rate", LearningRate));
}
