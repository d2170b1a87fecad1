using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>The shape of a <see cref="WarmupStableDecay"/> warmup or decay (Hugging Face's <c>warmup_type</c> and <c>decay_type</c>).</summary>
public enum WsdShape
{
    /// <summary><c>'linear'</c>: warmup <c>p</c>, decay <c>1 - p</c>.</summary>
    Linear,

    /// <summary><c>'cosine'</c>: warmup <c>0.5 * (1 - cos(pi * p))</c>, decay <c>0.5 * (1 + cos(pi * p))</c>.</summary>
    Cosine,

    /// <summary><c>'1-sqrt'</c>: warmup <c>1 - sqrt(1 - p)</c>, decay <c>1 - sqrt(p)</c>.</summary>
    OneMinusSqrt,
}

/// <summary>
/// Warmup, stable, decay (WSD): a warmup from <c>min_lr</c> to <c>learning_rate</c>, a plateau at
/// <c>learning_rate</c>, a decay to <c>min_lr</c>, then <c>min_lr</c> for ever (Hugging Face transformers
/// <c>get_wsd_schedule</c>, <c>SchedulerType.WARMUP_STABLE_DECAY</c>; no Paddle or PyTorch equivalent). Instances are
/// immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>W = warmup_steps</c>, <c>S = stable_steps</c>, <c>D = decay_steps</c> and the shape factor
/// <c>f</c> of <see cref="WsdShape"/>:</para>
/// <list type="bullet">
/// <item><c>e &lt; W</c>: <c>p = e / W</c>, <c>lr(e) = min_lr + (learning_rate - min_lr) * f_warmup(p)</c>;</item>
/// <item><c>W ≤ e &lt; W + S</c>: <c>lr(e) = learning_rate</c>;</item>
/// <item><c>W + S ≤ e &lt; W + S + D</c>: <c>p = (e - W - S) / D</c>, <c>lr(e) = min_lr + (learning_rate - min_lr) * f_decay(p)</c>;</item>
/// <item><c>e ≥ W + S + D</c>: <c>lr(e) = min_lr</c>.</item>
/// </list>
/// <para>So <c>learning_rate</c> is first reached at step <c>W</c>, the decay's first value (at <c>W + S</c>) is still
/// <c>learning_rate</c>, and <c>min_lr</c> is first reached at <c>W + S + D</c>. <c>warmup_steps</c> and
/// <c>stable_steps</c> may be 0, and so may <c>decay_steps</c> (a hard drop to <c>min_lr</c>, as in Hugging
/// Face).</para>
/// <para>Hugging Face writes the floor as a ratio, <c>lr(e) = learning_rate * (f * (1 - min_lr_ratio) +
/// min_lr_ratio)</c>; Anneal takes the absolute <c>min_lr = learning_rate * min_lr_ratio</c>. The two agree exactly
/// when <c>min_lr = 0</c>, and to rounding otherwise; here the floor is <c>min_lr</c> to the bit. Like Hugging Face's,
/// the warmup starts at <c>min_lr</c>, not at 0. Hugging Face's <c>num_cycles</c> (0.5: a half cosine) is fixed;
/// <c>num_training_steps</c> is <c>W + S + D</c>.</para>
/// <para>Spec: <c>WarmupStableDecay(learning_rate, warmup_steps, stable_steps, decay_steps, warmup_type='linear',
/// decay_type='cosine', min_lr=0.0)</c>, with types <c>'linear'</c>, <c>'cosine'</c> and <c>'1-sqrt'</c>.</para>
/// </remarks>
/// <example>
/// <c>new WarmupStableDecay(0.1, warmupSteps: 4, stableSteps: 3, decaySteps: 4)</c> gives 0.0, 0.025, 0.05, 0.075,
/// then 0.1 at steps 4 to 7 (the decay starts at its peak), 0.08535533905932738, 0.05, 0.014644660940672627, then 0.0 from step 11 on.
/// </example>
public sealed class WarmupStableDecay : Schedule
{
    // Declared before Descriptor: static fields initialise in textual order.
    private static readonly string[] ShapeNames = ["linear", "cosine", "1-sqrt"];

    internal static readonly ScheduleDescriptor Descriptor = new(
        "WarmupStableDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("warmup_steps", "warmupSteps", ParamKind.Integer),
            ParamSpec.Req("stable_steps", "stableSteps", ParamKind.Integer),
            ParamSpec.Req("decay_steps", "decaySteps", ParamKind.Integer),
            ParamSpec.Opt("warmup_type", "warmupType", ParamKind.Text, "linear") with { Choices = ShapeNames },
            ParamSpec.Opt("decay_type", "decayType", ParamKind.Text, "cosine") with { Choices = ShapeNames },
            ParamSpec.Opt("min_lr", "minLr", ParamKind.Real, 0.0),
        ],
        a => new WarmupStableDecay(
            a.Real("learning_rate"),
            a.Integer("warmup_steps"),
            a.Integer("stable_steps"),
            a.Integer("decay_steps"),
            ParseShape(a.Text("warmup_type")),
            ParseShape(a.Text("decay_type")),
            a.Real("min_lr")));

    private readonly long _stableEnd;
    private readonly long _decayEnd;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The peak, held during the stable phase (Hugging Face: the optimizer's lr), finite and ≥ 0.</param>
    /// <param name="warmupSteps">Steps of warmup (Hugging Face <c>num_warmup_steps</c>), ≥ 0.</param>
    /// <param name="stableSteps">Steps at the peak (Hugging Face <c>num_stable_steps</c>), ≥ 0.</param>
    /// <param name="decaySteps">Steps of decay (Hugging Face <c>num_decay_steps</c>), ≥ 0.</param>
    /// <param name="warmupType">The warmup's shape (Hugging Face <c>warmup_type</c>). The default value is Linear.</param>
    /// <param name="decayType">The decay's shape (Hugging Face <c>decay_type</c>). The default value is Cosine.</param>
    /// <param name="minLr">Where the warmup starts and the decay ends (Hugging Face <c>min_lr_ratio * lr</c>), finite, ≥ 0 and ≤ <paramref name="learningRate"/>. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite, or the three phases together exceed <see cref="long.MaxValue"/> steps.</exception>
    public WarmupStableDecay(
        double learningRate,
        long warmupSteps,
        long stableSteps,
        long decaySteps,
        WsdShape warmupType = WsdShape.Linear,
        WsdShape decayType = WsdShape.Cosine,
        double minLr = 0.0)
    {
        LearningRate = Guard.NonNegative(learningRate);
        WarmupSteps = Guard.NonNegative(warmupSteps);
        StableSteps = Guard.NonNegative(stableSteps);
        DecaySteps = Guard.NonNegative(decaySteps);
        Guard.Require(Enum.IsDefined(warmupType), nameof(warmupType), warmupType, "must be Linear, Cosine or OneMinusSqrt");
        Guard.Require(Enum.IsDefined(decayType), nameof(decayType), decayType, "must be Linear, Cosine or OneMinusSqrt");
        Guard.NonNegative(minLr);
        Guard.Require(minLr <= learningRate, nameof(minLr), minLr, $"must be <= learning_rate = {Guard.Format(learningRate)} (the decay heads down to min_lr)");
        Guard.Require(
            stableSteps <= long.MaxValue - warmupSteps && decaySteps <= long.MaxValue - warmupSteps - stableSteps,
            nameof(decaySteps),
            decaySteps,
            $"must keep warmup_steps + stable_steps + decay_steps <= {long.MaxValue} (warmup_steps = {warmupSteps}, stable_steps = {stableSteps})");
        WarmupType = warmupType;
        DecayType = decayType;
        MinLr = minLr;
        _stableEnd = warmupSteps + stableSteps;
        _decayEnd = _stableEnd + decaySteps;
    }

    /// <summary>The peak.</summary>
    public double LearningRate { get; }

    /// <summary>Steps of warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>Steps at the peak.</summary>
    public long StableSteps { get; }

    /// <summary>Steps of decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The warmup's shape.</summary>
    public WsdShape WarmupType { get; }

    /// <summary>The decay's shape.</summary>
    public WsdShape DecayType { get; }

    /// <summary>Where the warmup starts and the decay ends.</summary>
    public double MinLr { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (step < WarmupSteps)
        {
            var p = (double)step / WarmupSteps;
            var f = WarmupType switch
            {
                WsdShape.Linear => p,
                WsdShape.Cosine => 0.5 * (1.0 - Math.Cos(Math.PI * p)),
                _ => 1.0 - Math.Sqrt(1.0 - p),
            };
            return MinLr + ((LearningRate - MinLr) * f);
        }

        if (step < _stableEnd)
        {
            return LearningRate;
        }

        if (step < _decayEnd)
        {
            var p = (double)(step - _stableEnd) / DecaySteps;
            var f = DecayType switch
            {
                WsdShape.Linear => 1.0 - p,
                WsdShape.Cosine => 0.5 * (1.0 + Math.Cos(Math.PI * p)),
                _ => 1.0 - Math.Sqrt(p),
            };
            return MinLr + ((LearningRate - MinLr) * f);
        }

        return MinLr;
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("learning_rate", LearningRate),
        ("warmup_steps", WarmupSteps),
        ("stable_steps", StableSteps),
        ("decay_steps", DecaySteps),
        ("warmup_type", ShapeName(WarmupType)),
        ("decay_type", ShapeName(DecayType)),
        ("min_lr", MinLr));

    private static WsdShape ParseShape(string name) => name switch
    {
        "linear" => WsdShape.Linear,
        "cosine" => WsdShape.Cosine,
        _ => WsdShape.OneMinusSqrt,
    };

    private static string ShapeName(WsdShape shape) => ShapeNames[(int)shape];
}
