using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Decays the learning rate by <c>gamma</c> every <c>step_size</c> epochs (Paddle <c>paddle.optimizer.lr.StepDecay</c>,
/// PyTorch <c>StepLR</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * gamma ** (e // step_size)</c>.</para>
/// <para>Spec: <c>StepDecay(learning_rate, step_size, gamma=0.1)</c>.</para>
/// </remarks>
/// <example>
/// <c>new StepDecay(0.5, stepSize: 2, gamma: 0.8)</c> gives 0.5, 0.5, 0.4, 0.4, 0.32, 0.32, ...
/// </example>
public sealed class StepDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "StepDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("step_size", "stepSize", ParamKind.Integer),
            ParamSpec.Opt("gamma", "gamma", ParamKind.Real, 0.1),
        ],
        a => new StepDecay(a.Real("learning_rate"), a.Integer("step_size"), a.Real("gamma")));

    // _rates[k] = learning_rate * gamma ** k for the first GeometricDecay.TableSize decays: computed once with the very expression At uses past
    // the table (GeometricDecay.At), so the doubles are the same.
    private readonly double[] _rates;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="stepSize">Epochs between decays (Paddle <c>step_size</c>), &gt; 0.</param>
    /// <param name="gamma">The decay factor (Paddle <c>gamma</c>), in [0, 1). Paddle accepts a negative one and then outputs negative learning rates; Anneal refuses it. The default value is 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public StepDecay(double learningRate, long stepSize, double gamma = 0.1)
    {
        LearningRate = Guard.NonNegative(learningRate);
        Gamma = Guard.InRange(gamma, 0.0, 1.0, minInclusive: true, maxInclusive: false);
        StepSize = Guard.Positive(stepSize);
        _rates = GeometricDecay.Table(LearningRate, Gamma, GeometricDecay.TableSize);
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Epochs between decays.</summary>
    public long StepSize { get; }

    /// <summary>The decay factor.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var k = step / StepSize;
        return k < _rates.Length ? _rates[(int)k] : GeometricDecay.At(LearningRate, Gamma, k);
    }

    // Between decays the value is the previous one (same k = step / step_size), so sequential stepping skips even the
    // table: the cost of Step() stays flat however many decays have passed.
    internal override double Next(long step, double previous) => step > 0 && step % StepSize != 0 ? previous : At(step);

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("step_size", StepSize), ("gamma", Gamma));
}
