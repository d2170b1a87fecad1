using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Keras's cosine decay with an optional linear warmup and a floor: from <c>initial_learning_rate</c> (or, with a
/// warmup, from <c>warmup_target</c>) down to <c>alpha</c> times that over <c>decay_steps</c>, then held there
/// (Keras <c>keras.optimizers.schedules.CosineDecay</c>; Paddle's <see cref="CosineAnnealingDecay"/> and PyTorch's
/// <c>CosineAnnealingLR</c> have no floor as a fraction and rise again after the end). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para>The decay from a rate <c>r</c> over <c>D = decay_steps</c>, for <c>s ≤ D</c>:
/// <c>decay(s, r) = r * ((1 - alpha) * (0.5 * (1.0 + cos(pi * (s / D)))) + alpha)</c>.</para>
/// <para>Without <c>warmup_target</c>: <c>lr(e) = decay(min(e, D), initial_learning_rate)</c>.</para>
/// <para>With <c>warmup_target</c> and <c>W = warmup_steps</c>, <c>s = min(e, W + D)</c>: for <c>s &lt; W</c>,
/// <c>lr(e) = (warmup_target - initial_learning_rate) * (s / W) + initial_learning_rate</c>; otherwise
/// <c>lr(e) = decay(s - W, warmup_target)</c>. So the peak <c>warmup_target</c> is reached at step <c>W</c> and the
/// floor <c>alpha * warmup_target</c> at <c>W + D</c>.</para>
/// <para>Keras's order of operations is kept, but Keras computes in the dtype of <c>initial_learning_rate</c>, which
/// is float32 by default; Anneal computes in double, so it matches Keras to float32 precision (about 1e-7
/// relative), and a float64 Keras schedule to the bit. Refused where Keras is silent: <c>warmup_steps &gt; 0</c>
/// without <c>warmup_target</c> (Keras ignores the warmup then), and <c>alpha</c> outside [0, 1].</para>
/// <para>Spec (Keras's names): <c>CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None,
/// warmup_steps=0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new CosineDecay(0.1, decaySteps: 4, alpha: 0.1)</c> gives 0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605367,
/// then 0.010000000000000002 from step 4 on. With <c>warmupTarget: 0.2, warmupSteps: 2</c> and
/// <c>initialLearningRate: 0</c>: 0.0, 0.1, then the decay from 0.2 at step 2.
/// </example>
public sealed class CosineDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "CosineDecay",
        [
            ParamSpec.Req("initial_learning_rate", "initialLearningRate", ParamKind.Real),
            ParamSpec.Req("decay_steps", "decaySteps", ParamKind.Integer),
            ParamSpec.Opt("alpha", "alpha", ParamKind.Real, 0.0),
            ParamSpec.Opt("warmup_target", "warmupTarget", ParamKind.Real, null) with { Nullable = true },
            ParamSpec.Opt("warmup_steps", "warmupSteps", ParamKind.Integer, 0L),
        ],
        a => new CosineDecay(
            a.Real("initial_learning_rate"),
            a.Integer("decay_steps"),
            a.Real("alpha"),
            a.OptionalReal("warmup_target"),
            a.Integer("warmup_steps")));

    private readonly double _decayFrom;
    private readonly long _end;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The first rate: where the decay starts, or where the warmup starts when <paramref name="warmupTarget"/> is given (Keras <c>initial_learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="decaySteps">Steps of cosine decay (Keras <c>decay_steps</c>), &gt; 0.</param>
    /// <param name="alpha">The floor as a fraction of the decay's starting rate (Keras <c>alpha</c>), in [0, 1]. The default value is 0.</param>
    /// <param name="warmupTarget">The rate the warmup rises to and the decay starts from (Keras <c>warmup_target</c>), finite and ≥ 0, or <see langword="null"/> (the default) for no warmup.</param>
    /// <param name="warmupSteps">Steps of linear warmup (Keras <c>warmup_steps</c>), ≥ 0; &gt; 0 only with <paramref name="warmupTarget"/>. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite, or a warmup has no target.</exception>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, double? warmupTarget = null, long warmupSteps = 0)
    {
        InitialLearningRate = Guard.NonNegative(initialLearningRate);
        DecaySteps = Guard.Positive(decaySteps);
        Alpha = Guard.InRange(alpha, 0.0, 1.0, minInclusive: true, maxInclusive: true);
        if (warmupTarget is { } target)
        {
            Guard.NonNegative(target, nameof(warmupTarget));
        }

        WarmupSteps = Guard.NonNegative(warmupSteps);
        Guard.Require(
            warmupTarget is not null || warmupSteps == 0,
            nameof(warmupSteps),
            warmupSteps,
            "needs a warmup_target to rise to (Keras silently skips a warmup without one)");
        Guard.Require(
            warmupSteps <= long.MaxValue - decaySteps,
            nameof(warmupSteps),
            warmupSteps,
            $"must keep warmup_steps + decay_steps <= {long.MaxValue} (decay_steps = {decaySteps})");
        WarmupTarget = warmupTarget;
        _decayFrom = warmupTarget ?? initialLearningRate;
        _end = warmupSteps + decaySteps;
    }

    /// <summary>The first rate.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of cosine decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The floor as a fraction of the decay's starting rate.</summary>
    public double Alpha { get; }

    /// <summary>The rate the warmup rises to, or <see langword="null"/> for no warmup.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupSteps { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var s = Math.Min(step, _end);
        if (s < WarmupSteps)
        {
            return ((_decayFrom - InitialLearningRate) * ((double)s / WarmupSteps)) + InitialLearningRate;
        }

        var completed = (double)(s - WarmupSteps) / DecaySteps;
        var cosineDecayed = 0.5 * (1.0 + Math.Cos(Math.PI * completed));
        return _decayFrom * (((1 - Alpha) * cosineDecayed) + Alpha);
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("initial_learning_rate", InitialLearningRate),
        ("decay_steps", DecaySteps),
        ("alpha", Alpha),
        ("warmup_target", WarmupTarget),
        ("warmup_steps", WarmupSteps));
}
