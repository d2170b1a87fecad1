using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> at each milestone epoch (Paddle
/// <c>paddle.optimizer.lr.MultiStepDecay</c>, PyTorch <c>MultiStepLR</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * gamma ** i</c>, where <c>i</c> is the number of milestones ≤ <c>e</c> (a
/// milestone is the first epoch of the lower value), found by binary search in O(log n). An empty list of milestones
/// gives a constant.</para>
/// <para>As in Paddle, the milestones must be strictly increasing (a repeated milestone is refused), and
/// <c>gamma</c> must be &lt; 1; 0 is accepted (it drops the rate to 0 at the first milestone). Corrections: a
/// negative <c>gamma</c> is refused (Paddle accepts it and then outputs negative learning rates of alternating sign),
/// and milestones must be ≥ 0 (Paddle accepts negative ones, which only apply <c>gamma</c> from epoch 0).</para>
/// <para>vs PyTorch <c>MultiStepLR(milestones, gamma=0.1)</c>: torch accepts repeated milestones (applying
/// <c>gamma</c> once per repetition) and multiplies the current rate at each milestone, which can differ from
/// <c>gamma ** i</c> in the last bit.</para>
/// <para>Spec: <c>MultiStepDecay(learning_rate, milestones, gamma=0.1)</c>, e.g.
/// <c>MultiStepDecay(learning_rate=0.5, milestones=[2, 4, 6], gamma=0.8)</c>.</para>
/// </remarks>
/// <example>
/// <c>new MultiStepDecay(0.5, [2, 4, 6], gamma: 0.8)</c> gives 0.5, 0.5, 0.4, 0.4, 0.32000000000000006,
/// 0.32000000000000006, then 0.25600000000000006 from epoch 6 on.
/// </example>
public sealed class MultiStepDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "MultiStepDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("milestones", "milestones", ParamKind.IntegerList),
            ParamSpec.Opt("gamma", "gamma", ParamKind.Real, 0.1),
        ],
        a => new MultiStepDecay(a.Real("learning_rate"), a.Integers("milestones"), a.Real("gamma")));

    private readonly long[] _milestones;

    // _rates[i] = learning_rate * gamma ** i, the value after i milestones, for i = 0..milestones.Length: computed once
    // with the very expression At used to evaluate on every call (GeometricDecay.At), so the doubles are the same.
    private readonly double[] _rates;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="milestones">The epochs where the rate is multiplied by <paramref name="gamma"/> (Paddle
    /// <c>milestones</c>), each ≥ 0, strictly increasing; may be empty. The list is copied.</param>
    /// <param name="gamma">The factor (Paddle <c>gamma</c>), in [0, 1). The default value is 0.1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A milestone is negative or not greater than the one before it;
    /// <paramref name="gamma"/> is outside [0, 1), NaN or infinite; <paramref name="learningRate"/> is
    /// negative, NaN or infinite.</exception>
    public MultiStepDecay(double learningRate, IEnumerable<long> milestones, double gamma = 0.1)
    {
        _milestones = EpochLists.StrictlyIncreasing(milestones, nameof(milestones), "milestone");
        Gamma = Guard.InRange(gamma, 0.0, 1.0, minInclusive: true, maxInclusive: false);
        LearningRate = Guard.NonNegative(learningRate);
        Milestones = Array.AsReadOnly(_milestones);
        _rates = GeometricDecay.Table(LearningRate, Gamma, _milestones.Length + 1);
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The epochs where the rate is multiplied by <see cref="Gamma"/>, strictly increasing.</summary>
    public IReadOnlyList<long> Milestones { get; }

    /// <summary>The factor.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return _rates[EpochLists.CountAtOrBefore(_milestones, step)];
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("milestones", _milestones), ("gamma", Gamma));
}
