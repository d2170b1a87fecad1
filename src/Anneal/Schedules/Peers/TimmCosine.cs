using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// timm's cosine schedule: a linear warmup, then cosine cycles of <c>t_initial</c> steps growing by
/// <c>cycle_mul</c>, each peak <c>cycle_decay</c> times the previous one, optionally k-decay shaped, and
/// <c>lr_min</c> for ever once <c>cycle_limit</c> cycles are done (timm <c>timm.scheduler.CosineLRScheduler</c>,
/// without its noise: wrap it in <see cref="Noise"/> for that). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Warmup, for <c>e &lt; warmup_t</c>: <c>lr(e) = warmup_lr_init + e * ((learning_rate - warmup_lr_init) /
/// warmup_t)</c>.</para>
/// <para>After it, with <c>t = e - warmup_t</c> if <c>warmup_prefix</c>, else <c>t = e</c> (timm's default: the cosine
/// runs during the warmup too, unseen, and the first value after the warmup is the cosine at <c>warmup_t</c>), and
/// <c>m = cycle_mul</c>, <c>T = t_initial</c>: cycle <c>i</c> (counted from 0) starts at
/// <c>S_i = (1 - m ** i) / (1 - m) * T</c> (<c>S_i = T * i</c> when <c>m = 1</c>) and lasts <c>T_i = m ** i * T</c>;
/// with <c>t_curr = t - S_i</c> and <c>lr_max = learning_rate * cycle_decay ** i</c>:</para>
/// <para><c>lr(e) = lr_min + 0.5 * (lr_max - lr_min) * (1 + cos(pi * t_curr ** k_decay / T_i ** k_decay))</c> while
/// <c>i &lt; cycle_limit</c>, and <c>lr(e) = lr_min</c> from then on (so with the default <c>cycle_limit = 1</c>, the
/// rate is <c>lr_min</c> from <c>t = T</c>: no restart).</para>
/// <para>timm's order of operations is kept. timm finds <c>i</c> (when <c>m ≠ 1</c>) as
/// <c>floor(log(1 - t / T * (1 - m), m))</c>, which at some exact cycle starts comes out one short in the last bit
/// (<c>T = 1</c>, <c>m = 3</c>, <c>t = 121</c>: 4.999999999999999), giving <c>lr_min</c> there instead of a restart.
/// Anneal uses that value only as a first guess and moves <c>i</c> until <c>S_i ≤ t &lt; S_(i+1)</c>, with
/// <c>S_i</c> computed as above; that is the one place it may differ from timm. <c>t_in_epochs</c> has no
/// counterpart: steps are whatever the caller counts.</para>
/// <para>Refused where timm fails late: <c>cycle_mul &lt; 1</c> (timm's log fails once the shrinking cycles run
/// out), <c>k_decay ≤ 0</c>, <c>cycle_limit &lt; 1</c> (a schedule that is <c>lr_min</c> throughout).</para>
/// <para>Spec: <c>TimmCosine(learning_rate, t_initial, lr_min=0.0, cycle_mul=1.0, cycle_decay=1.0, cycle_limit=1,
/// warmup_t=0, warmup_lr_init=0.0, warmup_prefix=False, k_decay=1.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TimmCosine(0.1, tInitial: 4, cycleLimit: 2, cycleDecay: 0.5)</c> gives 0.1, 0.08535533905932738, 0.05,
/// 0.014644660940672627, then 0.05 (the second cycle, at half the peak), 0.04267766952966369, 0.025,
/// 0.0073223304703363135, then 0.0 from step 8 on.
/// </example>
public sealed class TimmCosine : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "TimmCosine",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("t_initial", "tInitial", ParamKind.Integer),
            ParamSpec.Opt("lr_min", "lrMin", ParamKind.Real, 0.0),
            ParamSpec.Opt("cycle_mul", "cycleMul", ParamKind.Real, 1.0),
            ParamSpec.Opt("cycle_decay", "cycleDecay", ParamKind.Real, 1.0),
            ParamSpec.Opt("cycle_limit", "cycleLimit", ParamKind.Integer, 1L),
            ParamSpec.Opt("warmup_t", "warmupT", ParamKind.Integer, 0L),
            ParamSpec.Opt("warmup_lr_init", "warmupLrInit", ParamKind.Real, 0.0),
            ParamSpec.Opt("warmup_prefix", "warmupPrefix", ParamKind.Boolean, false),
            ParamSpec.Opt("k_decay", "kDecay", ParamKind.Real, 1.0),
        ],
        a => new TimmCosine(
            a.Real("learning_rate"),
            a.Integer("t_initial"),
            a.Real("lr_min"),
            a.Real("cycle_mul"),
            a.Real("cycle_decay"),
            a.Integer("cycle_limit"),
            a.Integer("warmup_t"),
            a.Real("warmup_lr_init"),
            a.Boolean("warmup_prefix"),
            a.Real("k_decay")));

    private readonly double _warmupStep;
    private readonly double _logCycleMul;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The first peak (timm: the optimizer's lr), finite and ≥ 0.</param>
    /// <param name="tInitial">The length of the first cycle (timm <c>t_initial</c>), &gt; 0.</param>
    /// <param name="lrMin">The rate each cosine heads for, and the rate after the last cycle (timm <c>lr_min</c>), finite and ≥ 0. The default value is 0.</param>
    /// <param name="cycleMul">How much longer each cycle is than the previous one (timm <c>cycle_mul</c>), finite and ≥ 1. The default value is 1.</param>
    /// <param name="cycleDecay">How much higher each peak is than the previous one (timm <c>cycle_decay</c>), finite and ≥ 0. The default value is 1.</param>
    /// <param name="cycleLimit">How many cycles run before the rate stays at <paramref name="lrMin"/> (timm <c>cycle_limit</c>), ≥ 1. The default value is 1.</param>
    /// <param name="warmupT">Steps of linear warmup (timm <c>warmup_t</c>), ≥ 0. The default value is 0.</param>
    /// <param name="warmupLrInit">The first warmup rate (timm <c>warmup_lr_init</c>), finite and ≥ 0. The default value is 0.</param>
    /// <param name="warmupPrefix">Whether the cycles start after the warmup (timm <c>warmup_prefix</c>) rather than at step 0. The default value is <see langword="false"/>.</param>
    /// <param name="kDecay">The k-decay exponent on the cycle position (timm <c>k_decay</c>), finite and &gt; 0. The default value is 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TimmCosine(
        double learningRate,
        long tInitial,
        double lrMin = 0.0,
        double cycleMul = 1.0,
        double cycleDecay = 1.0,
        long cycleLimit = 1,
        long warmupT = 0,
        double warmupLrInit = 0.0,
        bool warmupPrefix = false,
        double kDecay = 1.0)
    {
        LearningRate = Guard.NonNegative(learningRate);
        TInitial = Guard.Positive(tInitial);
        LrMin = Guard.NonNegative(lrMin);
        Guard.Finite(cycleMul);
        Guard.Require(cycleMul >= 1.0, nameof(cycleMul), cycleMul, "must be >= 1.0 (shorter cycles would run out; timm then fails with a math domain error)");
        CycleMul = cycleMul;
        CycleDecay = Guard.NonNegative(cycleDecay);
        Guard.Require(cycleLimit >= 1, nameof(cycleLimit), cycleLimit, "must be an integer >= 1 (0 would give lr_min throughout)");
        CycleLimit = cycleLimit;
        WarmupT = Guard.NonNegative(warmupT);
        WarmupLrInit = Guard.NonNegative(warmupLrInit);
        WarmupPrefix = warmupPrefix;
        KDecay = Guard.Positive(kDecay);
        _warmupStep = warmupT > 0 ? (learningRate - warmupLrInit) / warmupT : 0.0;
        _logCycleMul = Math.Log(cycleMul);
    }

    /// <summary>The first peak.</summary>
    public double LearningRate { get; }

    /// <summary>The length of the first cycle.</summary>
    public long TInitial { get; }

    /// <summary>The rate each cosine heads for, and the rate after the last cycle.</summary>
    public double LrMin { get; }

    /// <summary>How much longer each cycle is than the previous one.</summary>
    public double CycleMul { get; }

    /// <summary>How much higher each peak is than the previous one.</summary>
    public double CycleDecay { get; }

    /// <summary>How many cycles run before the rate stays at <see cref="LrMin"/>.</summary>
    public long CycleLimit { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupT { get; }

    /// <summary>The first warmup rate.</summary>
    public double WarmupLrInit { get; }

    /// <summary>Whether the cycles start after the warmup rather than at step 0.</summary>
    public bool WarmupPrefix { get; }

    /// <summary>The k-decay exponent.</summary>
    public double KDecay { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (step < WarmupT)
        {
            return WarmupLrInit + (step * _warmupStep);
        }

        var t = WarmupPrefix ? step - WarmupT : step;
        double i;
        double tI;
        double tCurr;
        if (CycleMul != 1.0)
        {
            // timm's log gives a first guess; its cycle starts decide, so exact restart points land right.
            i = GeometricCycles.Index(t, CycleMul, _logCycleMul, TInitial);
            tI = Math.Pow(CycleMul, i) * TInitial;
            tCurr = t - GeometricCycles.Start(i, CycleMul, TInitial);
        }
        else
        {
            var whole = t / TInitial;
            i = whole;
            tI = TInitial;
            tCurr = t - (TInitial * whole);
        }

        if (i >= CycleLimit)
        {
            return LrMin;
        }

        var lrMax = LearningRate * Math.Pow(CycleDecay, i);
        return LrMin + (0.5 * (lrMax - LrMin) * (1 + Math.Cos(Math.PI * Math.Pow(tCurr, KDecay) / Math.Pow(tI, KDecay))));
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("learning_rate", LearningRate),
        ("t_initial", TInitial),
        ("lr_min", LrMin),
        ("cycle_mul", CycleMul),
        ("cycle_decay", CycleDecay),
        ("cycle_limit", CycleLimit),
        ("warmup_t", WarmupT),
        ("warmup_lr_init", WarmupLrInit),
        ("warmup_prefix", WarmupPrefix),
        ("k_decay", KDecay));
}
