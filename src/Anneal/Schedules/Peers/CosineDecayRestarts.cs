using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Keras's cosine decay with warm restarts (SGDR): cycles of <c>first_decay_steps</c>, then <c>t_mul</c> times longer
/// each time, each starting at <c>m_mul</c> times the previous peak, with a floor of <c>alpha</c> times
/// <c>initial_learning_rate</c> (Keras <c>keras.optimizers.schedules.CosineDecayRestarts</c>; compare Paddle's
/// <see cref="CosineAnnealingWarmRestarts"/>, which has integer cycle factors and no peak decay). Instances are
/// immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>F = first_decay_steps</c>, <c>c = e / F</c> and the cycle index <c>i</c> (counted from 0), cycle
/// <c>i</c> starts at <c>c = sum_i = (1 - t_mul ** i) / (1 - t_mul)</c> (at <c>c = i</c> when <c>t_mul = 1</c>) and
/// lasts <c>t_mul ** i</c>. Within it <c>f = (c - sum_i) / t_mul ** i</c> (<c>f = c - i</c> when <c>t_mul = 1</c>),
/// and <c>lr(e) = initial_learning_rate * ((1 - alpha) * (0.5 * m_mul ** i * (1.0 + cos(pi * f))) + alpha)</c>, in
/// Keras's order of operations. The floor <c>alpha * initial_learning_rate</c> is not scaled by <c>m_mul</c>.</para>
/// <para>Restarts land exactly. Keras finds <c>i</c> as <c>floor(log(1 - c * (1 - t_mul)) / log(t_mul))</c>, which
/// at some exact restart points comes out one short in the last bit (<c>F = 1</c>, <c>t_mul = 3</c>, step 121:
/// <c>log(243) / log(3) = 4.999999999999999</c>), so Keras gives the end of the previous cycle (<c>alpha</c> times the
/// rate) there instead of a restart. Anneal takes that value only as a first guess and moves <c>i</c> until
/// <c>sum_i ≤ c &lt; sum_(i+1)</c>, with <c>sum_i</c> computed as above; that is where it may differ from Keras, by a
/// whole restart, at such points and nowhere else. With <c>t_mul = 1</c> the index is the integer
/// <c>e / F</c>.</para>
/// <para>Keras computes in the dtype of <c>initial_learning_rate</c> (float32 by default); Anneal computes in double,
/// so it matches Keras to float32 precision, and a float64 Keras schedule to the bit away from the points above.</para>
/// <para>Spec (Keras's names): <c>CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
/// alpha=0.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new CosineDecayRestarts(1.0, firstDecaySteps: 2, tMul: 2.0, mMul: 0.5)</c> gives 1.0, 0.5, then 0.5 (restart at
/// step 2), 0.42677669529663687, 0.25, 0.07322330470336313, then 0.25 (restart at step 6), ...
/// </example>
public sealed class CosineDecayRestarts : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "CosineDecayRestarts",
        [
            ParamSpec.Req("initial_learning_rate", "initialLearningRate", ParamKind.Real),
            ParamSpec.Req("first_decay_steps", "firstDecaySteps", ParamKind.Integer),
            ParamSpec.Opt("t_mul", "tMul", ParamKind.Real, 2.0),
            ParamSpec.Opt("m_mul", "mMul", ParamKind.Real, 1.0),
            ParamSpec.Opt("alpha", "alpha", ParamKind.Real, 0.0),
        ],
        a => new CosineDecayRestarts(
            a.Real("initial_learning_rate"),
            a.Integer("first_decay_steps"),
            a.Real("t_mul"),
            a.Real("m_mul"),
            a.Real("alpha")));

    private readonly double _logTMul;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The first peak (Keras <c>initial_learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="firstDecaySteps">The length of the first cycle (Keras <c>first_decay_steps</c>), &gt; 0.</param>
    /// <param name="tMul">How much longer each cycle is than the previous one (Keras <c>t_mul</c>), finite and ≥ 1. The default value is 2.</param>
    /// <param name="mMul">How much higher each peak is than the previous one (Keras <c>m_mul</c>), finite and ≥ 0. The default value is 1.</param>
    /// <param name="alpha">The floor as a fraction of <paramref name="initialLearningRate"/> (Keras <c>alpha</c>), in [0, 1]. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0)
    {
        InitialLearningRate = Guard.NonNegative(initialLearningRate);
        FirstDecaySteps = Guard.Positive(firstDecaySteps);
        Guard.Finite(tMul);
        Guard.Require(tMul >= 1.0, nameof(tMul), tMul, "must be >= 1.0 (shorter cycles would end; Keras then gives NaN)");
        TMul = tMul;
        MMul = Guard.NonNegative(mMul);
        Alpha = Guard.InRange(alpha, 0.0, 1.0, minInclusive: true, maxInclusive: true);
        _logTMul = Math.Log(tMul);
    }

    /// <summary>The first peak.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The length of the first cycle.</summary>
    public long FirstDecaySteps { get; }

    /// <summary>How much longer each cycle is than the previous one.</summary>
    public double TMul { get; }

    /// <summary>How much higher each peak is than the previous one.</summary>
    public double MMul { get; }

    /// <summary>The floor as a fraction of <see cref="InitialLearningRate"/>.</summary>
    public double Alpha { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var completed = (double)step / FirstDecaySteps;
        double i;
        if (TMul == 1.0)
        {
            i = step / FirstDecaySteps;
            completed -= i;
        }
        else
        {
            // Keras's log gives a first guess; its cycle starts (sum_r) decide, so exact restart points land right.
            i = GeometricCycles.Index(completed, TMul, _logTMul, 1.0);
            completed = (completed - GeometricCycles.Start(i, TMul, 1.0)) / Math.Pow(TMul, i);
        }

        var cosineDecayed = 0.5 * Math.Pow(MMul, i) * (1.0 + Math.Cos(Math.PI * completed));
        return InitialLearningRate * (((1 - Alpha) * cosineDecayed) + Alpha);
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("initial_learning_rate", InitialLearningRate),
        ("first_decay_steps", FirstDecaySteps),
        ("t_mul", TMul),
        ("m_mul", MMul),
        ("alpha", Alpha));
}
