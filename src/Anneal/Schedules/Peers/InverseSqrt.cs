using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// A linear warmup from 0 to <c>learning_rate</c>, then a decay proportional to the inverse square root of the step
/// (Hugging Face transformers <c>get_inverse_sqrt_schedule</c>, <c>SchedulerType.INVERSE_SQRT</c>, adapted there from
/// big_vision; no Paddle or PyTorch equivalent, though Paddle's <see cref="NoamDecay"/> has the same tail).
/// Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>W = warmup_steps</c> and <c>T = timescale</c> (default: <c>W</c>, or 10000 when <c>W = 0</c>):</para>
/// <list type="bullet">
/// <item><c>e &lt; W</c>: <c>lr(e) = learning_rate * (e / W)</c>;</item>
/// <item><c>e ≥ W</c>: <c>lr(e) = learning_rate * (1.0 / sqrt((e + T - W) / T))</c>.</item>
/// </list>
/// <para>So <c>lr(W) = learning_rate</c> exactly, and the tail is <c>learning_rate * sqrt(T / (e + T - W))</c>.
/// Evaluated in Hugging Face's order of operations (its lambda times the base rate), bit for bit while
/// <c>e + T - W</c> stays below 2^53.</para>
/// <para>Spec: <c>InverseSqrt(learning_rate, warmup_steps=0, timescale=None)</c>.</para>
/// </remarks>
/// <example>
/// <c>new InverseSqrt(0.1, warmupSteps: 4)</c> gives 0.0, 0.025, 0.05, 0.07500000000000001, 0.1, then
/// 0.08944271909999159 (0.1 / sqrt(5 / 4)), 0.08164965809277262, 0.07559289460184544, 0.07071067811865475, ...
/// </example>
public sealed class InverseSqrt : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "InverseSqrt",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Opt("warmup_steps", "warmupSteps", ParamKind.Integer, 0L),
            ParamSpec.Opt("timescale", "timescale", ParamKind.Integer, null) with { Nullable = true },
        ],
        a => new InverseSqrt(a.Real("learning_rate"), a.Integer("warmup_steps"), a.OptionalInteger("timescale")));

    /// <summary>Hugging Face's timescale when neither it nor a warmup is given.</summary>
    public const long DefaultTimescale = 10_000;

    private readonly long _timescale;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The peak, reached at the end of warmup (Hugging Face: the optimizer's lr), finite and ≥ 0.</param>
    /// <param name="warmupSteps">Steps of linear warmup from 0 (Hugging Face <c>num_warmup_steps</c>), ≥ 0. The default value is 0.</param>
    /// <param name="timescale">The decay's time scale (Hugging Face <c>timescale</c>), &gt; 0, or <see langword="null"/> (the default) for <paramref name="warmupSteps"/>, or <see cref="DefaultTimescale"/> when that is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public InverseSqrt(double learningRate, long warmupSteps = 0, long? timescale = null)
    {
        LearningRate = Guard.NonNegative(learningRate);
        WarmupSteps = Guard.NonNegative(warmupSteps);
        if (timescale is { } t)
        {
            Guard.Positive(t, nameof(timescale));
        }

        Timescale = timescale;
        _timescale = timescale ?? (warmupSteps != 0 ? warmupSteps : DefaultTimescale);
    }

    /// <summary>The peak.</summary>
    public double LearningRate { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The time scale as given, or <see langword="null"/> for the default (see <see cref="EffectiveTimescale"/>).</summary>
    public long? Timescale { get; }

    /// <summary>The time scale in use: <see cref="Timescale"/>, else <see cref="WarmupSteps"/>, else <see cref="DefaultTimescale"/>.</summary>
    public long EffectiveTimescale => _timescale;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (step < WarmupSteps)
        {
            return LearningRate * ((double)step / WarmupSteps);
        }

        // e + T - W, exact in integers (as in Python) unless it would overflow a long.
        var sinceWarmup = step - WarmupSteps;
        var shifted = sinceWarmup <= long.MaxValue - _timescale
            ? (double)(sinceWarmup + _timescale)
            : (double)sinceWarmup + _timescale;
        return LearningRate * (1.0 / Math.Sqrt(shifted / _timescale));
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("warmup_steps", WarmupSteps), ("timescale", Timescale));
}
