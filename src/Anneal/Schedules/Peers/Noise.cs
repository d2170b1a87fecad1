using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>The distribution of <see cref="Noise"/> (timm's <c>noise_type</c>).</summary>
public enum NoiseType
{
    /// <summary><c>'normal'</c>: a normal draw with standard deviation <c>noise_std</c>, redrawn until its magnitude is below <c>noise_pct</c>.</summary>
    Normal,

    /// <summary><c>'uniform'</c>: uniform in (-<c>noise_pct</c>, <c>noise_pct</c>).</summary>
    Uniform,
}

/// <summary>
/// Seeded multiplicative noise on any schedule inside a step range (timm's learning-rate noise, <c>noise_range_t</c>,
/// <c>noise_pct</c>, <c>noise_std</c>, <c>noise_type</c>, <c>noise_seed</c> of <c>timm.scheduler.Scheduler</c>; no Paddle
/// or PyTorch equivalent). The same seed and step always give the same value, on any thread, in any order.
/// Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>For <c>start ≤ e &lt; end</c> (<c>noise_range = [start, end]</c>; <c>[start]</c> for no end):
/// <c>lr(e) = v + v * n(e)</c> with <c>v = learning_rate.At(e)</c>; elsewhere <c>lr(e) = v</c>. The relative noise
/// <c>n(e)</c> (see <see cref="NoiseAt"/>) is, as in timm: for <c>'normal'</c>, a draw from a normal distribution of
/// standard deviation <c>noise_std</c>, drawn again until <c>|n| &lt; noise_pct</c> (a normal truncated to
/// (-noise_pct, noise_pct)); for <c>'uniform'</c>, <c>2 * (u - 0.5) * noise_pct</c> with <c>u</c> uniform in (0, 1).
/// Either way <c>|n| &lt; noise_pct</c> strictly, so with <c>noise_pct ≤ 1</c> the rate never changes sign.</para>
/// <para>The random numbers come from a counter-based generator keyed by <c>(seed, step)</c> (SplitMix64; normals by
/// Box–Muller, or for a narrow truncation by a uniform proposal accepted with probability
/// <c>exp(-n² / (2 noise_std²))</c>: the same distribution, with bounded work). <see cref="At"/> is therefore pure and
/// allocation-free. timm seeds torch's generator with <c>noise_seed + t</c>: the distribution is the same, the numbers
/// are not (and unlike timm, seeds 42 at step 1 and 43 at step 0 are unrelated). Values are reproducible on a given
/// platform; <c>log</c>, <c>cos</c> and <c>exp</c> may differ in the last bit between runtimes.</para>
/// <para>Differences from timm: timm accepts <c>noise_std</c> but draws standard normals; Anneal uses
/// <c>noise_std</c> (with the default 1.0 the two agree). <c>noise_pct</c> must be in (0, 1] (timm loops for ever at 0,
/// and above 1 can turn the rate negative).</para>
/// <para>Spec: <c>Noise(learning_rate, noise_range, noise_pct=0.67, noise_std=1.0, noise_type='normal', seed=42)</c>,
/// where <c>learning_rate</c> is a schedule and <c>noise_range</c> is <c>[start, end]</c> or <c>[start]</c>.</para>
/// </remarks>
/// <example>
/// <c>new Noise(new CosineAnnealingDecay(0.1, 100), noiseRange: (10, 90))</c> is the cosine before step 10 and from
/// step 90 on, and in between each value times a factor in (0.33, 1.67), the same factor every time for a step.
/// </example>
public sealed class Noise : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Noise",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Schedule),
            ParamSpec.Req("noise_range", "noiseRange", ParamKind.IntegerList),
            ParamSpec.Opt("noise_pct", "noisePct", ParamKind.Real, 0.67),
            ParamSpec.Opt("noise_std", "noiseStd", ParamKind.Real, 1.0),
            ParamSpec.Opt("noise_type", "noiseType", ParamKind.Text, "normal") with { Choices = ["normal", "uniform"] },
            ParamSpec.Opt("seed", "seed", ParamKind.Integer, 42L),
        ],
        a => new Noise(
            ComposeArgument.Schedule(a.Definition("learning_rate"), "learningRate"),
            RangeFromSpec(a.Integers("noise_range")),
            a.Real("noise_pct"),
            a.Real("noise_std"),
            a.Text("noise_type") == "uniform" ? NoiseType.Uniform : NoiseType.Normal,
            a.Integer("seed")));

    // Below this noise_pct / noise_std, the truncated normal is drawn by a uniform proposal (acceptance > 0.85);
    // above it by Box–Muller pairs (acceptance > 0.89). Either way the expected work is about one draw.
    private const double UniformProposalBelow = 1.0;

    // A cap that is never reached in practice (each attempt fails with probability < 0.16): At stays bounded.
    private const int MaxAttempts = 256;

    private readonly bool _uniformProposal;

    /// <summary>Creates the noisy schedule.</summary>
    /// <param name="learningRate">The schedule to perturb.</param>
    /// <param name="noiseRange">The steps with noise: from <c>Start</c> (≥ 0) up to but not including <c>End</c> (&gt; <c>Start</c>), or for ever when <c>End</c> is <see langword="null"/> (timm <c>noise_range_t</c>).</param>
    /// <param name="noisePct">The bound on the relative change (timm <c>noise_pct</c>), in (0, 1]. The default value is 0.67.</param>
    /// <param name="noiseStd">The normal's standard deviation before truncation (timm <c>noise_std</c>), finite and &gt; 0. The default value is 1.</param>
    /// <param name="noiseType">The distribution (timm <c>noise_type</c>). The default value is Normal.</param>
    /// <param name="seed">The seed (timm <c>noise_seed</c>); any value. The default value is 42.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public Noise(
        Schedule learningRate,
        (long Start, long? End) noiseRange,
        double noisePct = 0.67,
        double noiseStd = 1.0,
        NoiseType noiseType = NoiseType.Normal,
        long seed = 42)
    {
        Inner = Guard.NotNull(learningRate);
        var (start, end) = noiseRange;
        Guard.Require(start >= 0, nameof(noiseRange), ShowRange(start, end), "must start at a step >= 0");
        Guard.Require(end is null || end > start, nameof(noiseRange), ShowRange(start, end), "must end after it starts ([start, end] with end > start; [start] for no end)");
        NoiseStart = start;
        NoiseEnd = end;
        NoisePct = Guard.InRange(noisePct, 0.0, 1.0, minInclusive: false, maxInclusive: true);
        NoiseStd = Guard.Positive(noiseStd);
        Guard.Require(Enum.IsDefined(noiseType), nameof(noiseType), noiseType, "must be Normal or Uniform");
        NoiseType = noiseType;
        Seed = seed;
        _uniformProposal = noisePct / noiseStd < UniformProposalBelow;
    }

    /// <summary>The perturbed schedule.</summary>
    public Schedule Inner { get; }

    /// <summary>The first step with noise.</summary>
    public long NoiseStart { get; }

    /// <summary>The first step after the noise, or <see langword="null"/> for none.</summary>
    public long? NoiseEnd { get; }

    /// <summary>The bound on the relative change.</summary>
    public double NoisePct { get; }

    /// <summary>The normal's standard deviation before truncation.</summary>
    public double NoiseStd { get; }

    /// <summary>The distribution.</summary>
    public NoiseType NoiseType { get; }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var v = Inner.At(step);
        if (!InRange(step))
        {
            return v;
        }

        return v + (v * Draw(step));
    }

    /// <summary>
    /// The relative noise at <paramref name="step"/>: <c>At(step) = v + v * NoiseAt(step)</c> with
    /// <c>v = Inner.At(step)</c>; 0 outside the noise range, and always strictly inside (-<see cref="NoisePct"/>,
    /// <see cref="NoisePct"/>).
    /// </summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The relative noise.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public double NoiseAt(long step)
    {
        CheckStep(step);
        return InRange(step) ? Draw(step) : 0.0;
    }

    internal override SpecCall ToSpec() => Descriptor.Call(
        ("learning_rate", Inner),
        ("noise_range", NoiseEnd is { } end ? new[] { NoiseStart, end } : new[] { NoiseStart }),
        ("noise_pct", NoisePct),
        ("noise_std", NoiseStd),
        ("noise_type", NoiseType == NoiseType.Uniform ? "uniform" : "normal"),
        ("seed", Seed));

    private static (long Start, long? End) RangeFromSpec(long[] range) => range switch
    {
        [var start] => (start, null),
        [var start, var end] => (start, end),
        _ => throw Guard.Invalid("noiseRange", new Shown("[" + string.Join(", ", range) + "]"), "must be [start, end] or [start] (no end)"),
    };

    private static Shown ShowRange(long start, long? end) => new(end is { } e ? $"[{start}, {e}]" : $"[{start}]");

    private bool InRange(long step) => step >= NoiseStart && (NoiseEnd is not { } end || step < end);

    private double Draw(long step)
    {
        var random = new StepRandom(Seed, step);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (NoiseType == NoiseType.Uniform)
            {
                // timm's formula; the open interval keeps |n| < noise_pct unless the product rounds up to it.
                var n = 2 * (random.NextOpenUnit() - 0.5) * NoisePct;
                if (Math.Abs(n) < NoisePct)
                {
                    return n;
                }
            }
            else if (_uniformProposal)
            {
                var n = 2 * (random.NextOpenUnit() - 0.5) * NoisePct;
                var z = n / NoiseStd;
                if (random.NextOpenUnit() < Math.Exp(-0.5 * z * z) && Math.Abs(n) < NoisePct)
                {
                    return n;
                }
            }
            else
            {
                // Box–Muller: two independent normals from two uniforms; either may be accepted.
                var radius = Math.Sqrt(-2.0 * Math.Log(random.NextOpenUnit())) * NoiseStd;
                var angle = 2.0 * Math.PI * random.NextOpenUnit();
                var n = radius * Math.Cos(angle);
                if (Math.Abs(n) < NoisePct)
                {
                    return n;
                }

                n = radius * Math.Sin(angle);
                if (Math.Abs(n) < NoisePct)
                {
                    return n;
                }
            }
        }

        return 0.0;
    }

    /// <summary>A value shown in an error message as it is written in a spec (a list, unquoted).</summary>
    private readonly record struct Shown(string Text)
    {
        public override string ToString() => Text;
    }
}
