using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The Transformer schedule of "Attention Is All You Need": a linear warmup to a peak at <c>warmup_steps</c>, then
/// decay as the inverse square root of the step (Paddle <c>paddle.optimizer.lr.NoamDecay</c>; PyTorch has no
/// equivalent). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * d_model ** -0.5 * min(a, b)</c> with <c>a = 1 if e == 0 else e ** -0.5</c> and
/// <c>b = warmup_steps ** -1.5 * e</c>, evaluated in Paddle's order of operations.</para>
/// <para>As in Paddle, <c>lr(0) = 0</c> exactly: the <c>a = 1</c> guard only avoids <c>0 ** -0.5</c>, and
/// <c>b = 0</c> wins the minimum. The first non-zero value is at epoch 1 and the peak,
/// <c>learning_rate * (d_model * warmup_steps) ** -0.5</c>, is at epoch <c>warmup_steps</c>. Many other Noam
/// implementations count from <c>step + 1</c> and never output 0; this one follows Paddle.</para>
/// <para>Correction: Paddle divides by zero inside its constructor when <c>warmup_steps = 0</c>; here
/// <c>warmup_steps</c> must be &gt; 0 and the constructor says so.</para>
/// <para>Spec: <c>NoamDecay(d_model, warmup_steps, learning_rate=1.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new NoamDecay(dModel: 0.01, warmupSteps: 100)</c> gives 0.0, 0.01, 0.02, 0.03, ..., 0.99 at epoch 99, the peak
/// 1.0 at epoch 100, 0.9950... at 101 and 0.5 at 400.
/// </example>
public sealed class NoamDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "NoamDecay",
        [
            ParamSpec.Req("d_model", "dModel", ParamKind.Real),
            ParamSpec.Req("warmup_steps", "warmupSteps", ParamKind.Integer),
            ParamSpec.Opt("learning_rate", "learningRate", ParamKind.Real, 1.0),
        ],
        a => new NoamDecay(a.Real("d_model"), a.Integer("warmup_steps"), a.Real("learning_rate")));

    // warmup_steps ** -1.5, and learning_rate * d_model ** -0.5, the prefix of Paddle's left-to-right product
    // base_lr * (d_model ** -0.5) * min(a, b): the same doubles Paddle computes on every step.
    private readonly double _warmupFactor;
    private readonly double _scale;

    // Steps below this one are far enough before the peak that min(a, b) is b whatever the rounding (see At), so
    // e ** -0.5 need not be computed.
    private readonly long _warmupEnd;

    /// <summary>Creates the schedule.</summary>
    /// <param name="dModel">The model dimension (Paddle <c>d_model</c>), finite and &gt; 0; it may be fractional.</param>
    /// <param name="warmupSteps">The step of the peak (Paddle <c>warmup_steps</c>), &gt; 0.</param>
    /// <param name="learningRate">The scale (Paddle <c>learning_rate</c>), finite and ≥ 0. The default value is 1.0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite, or the
    /// peak <c>learning_rate * d_model ** -0.5</c> overflows a double.</exception>
    public NoamDecay(double dModel, long warmupSteps, double learningRate = 1.0)
    {
        DModel = Guard.Positive(dModel);
        LearningRate = Guard.NonNegative(learningRate);
        WarmupSteps = Guard.Positive(warmupSteps);
        _scale = LearningRate * Math.Pow(DModel, -0.5);
        _warmupFactor = Math.Pow(WarmupSteps, -1.5);
        _warmupEnd = WarmupSteps - (WarmupSteps >> 30);
        Guard.Require(
            double.IsFinite(_scale),
            nameof(dModel),
            dModel,
            $"is too small for learning_rate = {Guard.Format(learningRate)}: learning_rate * d_model ** -0.5 overflows a double");
    }

    /// <summary>The model dimension.</summary>
    public double DModel { get; }

    /// <summary>The step of the peak.</summary>
    public long WarmupSteps { get; }

    /// <summary>The scale.</summary>
    public double LearningRate { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var b = _warmupFactor * step;
        if (step < _warmupEnd)
        {
            // The rounded b is below the rounded a, so min(a, b) = b and a need not be computed. For
            // 1 <= e < W - (W >> 30) (W = warmup_steps), the exact ratio b / a = (e / W) ** 1.5 is below 1 - 2 ** -30,
            // while the rounded a and b are each within a relative 2 ** -50 of their exact values (pow is accurate to
            // about 1 ulp; the conversions and the product add 2 ulps at most). At e = 0, b = 0 < a = 1. Without the
            // W >> 30 margin, a huge W breaks this (FastPathEquivalenceTests finds such cases).
            return _scale * b;
        }

        var a = step == 0 ? 1.0 : Math.Pow(step, -0.5);
        return _scale * Math.Min(a, b);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("d_model", DModel), ("warmup_steps", WarmupSteps), ("learning_rate", LearningRate));
}
