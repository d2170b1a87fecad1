using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Polynomial decay from <c>learning_rate</c> to <c>end_lr</c> over <c>decay_steps</c>, optionally restarting
/// (Paddle <c>paddle.optimizer.lr.PolynomialDecay</c>, PyTorch <c>PolynomialLR</c>). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = (learning_rate - end_lr) * (1 - t / D) ** power + end_lr</c>, where, without <c>cycle</c>,
/// <c>t = min(e, decay_steps)</c> and <c>D = decay_steps</c> (so <c>end_lr</c> holds from <c>decay_steps</c> on);
/// with <c>cycle</c>, <c>t = e</c> and <c>D = decay_steps * k</c> with <c>k = ceil(e / decay_steps)</c>, and
/// <c>k = 1</c> at <c>e = 0</c>. The divisions are in doubles, in Paddle's order of operations.</para>
/// <para>With <c>cycle</c>, as in Paddle, every multiple <c>m * decay_steps</c> gives exactly <c>end_lr</c>, and the
/// next epoch jumps back up to a lower peak, since <c>D</c> grows by <c>decay_steps</c>: for
/// <c>decay_steps = 20</c>, 0.5 → 0 at epoch 20, 0.2375 at 21, 0 at 40, 0.1583... at 41.</para>
/// <para><c>lr(0) = (learning_rate - end_lr) * 1 + end_lr</c>, which can differ from <c>learning_rate</c> in the
/// last bit (0.010000000000000002 for 0.01 with <c>end_lr = 0.001</c>), exactly as in Paddle.
/// <c>end_lr &gt; learning_rate</c> is allowed and gives an increasing schedule.</para>
/// <para>vs PyTorch <c>PolynomialLR(total_iters, power)</c>: torch always decays to 0 (no <c>end_lr</c>), has no
/// <c>cycle</c>, and multiplies the current rate recursively; the values agree, up to rounding, only for
/// <c>end_lr = 0</c> without <c>cycle</c>.</para>
/// <para>Spec: <c>PolynomialDecay(learning_rate, decay_steps, end_lr=0.0001, power=1.0, cycle=False)</c>.</para>
/// </remarks>
/// <example>
/// <c>new PolynomialDecay(0.5, decaySteps: 20, endLr: 0)</c> gives 0.5, 0.475, 0.45, ..., 0.025 at epoch 19, then
/// 0.0 from epoch 20 on; with <c>cycle: true</c>, 0.0 at 20, 0.2375 at 21, 0.225 at 22, ...
/// </example>
public sealed class PolynomialDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "PolynomialDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("decay_steps", "decaySteps", ParamKind.Integer),
            ParamSpec.Opt("end_lr", "endLr", ParamKind.Real, 0.0001),
            ParamSpec.Opt("power", "power", ParamKind.Real, 1.0),
            ParamSpec.Opt("cycle", "cycle", ParamKind.Boolean, false),
        ],
        a => new PolynomialDecay(a.Real("learning_rate"), a.Integer("decay_steps"), a.Real("end_lr"), a.Real("power"), a.Boolean("cycle")));

    // learning_rate - end_lr and decay_steps as a double: the same doubles Paddle computes on every step.
    private readonly double _span;
    private readonly double _decaySteps;

    // power == 1.0, the default: Math.Pow(x, 1.0) returns x exactly (pow is accurate to within an ulp, and x is a
    // double), so the call is skipped. No other power is special-cased: Math.Pow(x, 2.0) is not always x * x.
    private readonly bool _linear;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="decaySteps">Epochs of one decay (Paddle <c>decay_steps</c>), &gt; 0.</param>
    /// <param name="endLr">The final learning rate (Paddle <c>end_lr</c>), finite and ≥ 0; it may exceed <paramref name="learningRate"/>. The default value is 0.0001.</param>
    /// <param name="power">The exponent of the polynomial (Paddle <c>power</c>), finite and &gt; 0. The default value is 1.0.</param>
    /// <param name="cycle">Whether to restart after each <paramref name="decaySteps"/> (Paddle <c>cycle</c>) instead of holding <paramref name="endLr"/>. The default value is <see langword="false"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public PolynomialDecay(double learningRate, long decaySteps, double endLr = 0.0001, double power = 1.0, bool cycle = false)
    {
        DecaySteps = Guard.Positive(decaySteps);
        EndLr = Guard.NonNegative(endLr);
        Power = Guard.Positive(power);
        Cycle = cycle;
        LearningRate = Guard.NonNegative(learningRate);
        _span = LearningRate - EndLr;
        _decaySteps = DecaySteps;
        _linear = Power == 1.0;
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Epochs of one decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The final learning rate.</summary>
    public double EndLr { get; }

    /// <summary>The exponent of the polynomial.</summary>
    public double Power { get; }

    /// <summary>Whether the decay restarts after each <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        double t = step;
        var d = _decaySteps;
        if (Cycle)
        {
            var k = step == 0 ? 1.0 : Math.Ceiling(t / _decaySteps);
            d = _decaySteps * k;
        }
        else if (step > DecaySteps)
        {
            t = _decaySteps;
        }

        var x = 1 - (t / d);
        return (_span * (_linear ? x : Math.Pow(x, Power))) + EndLr;
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("decay_steps", DecaySteps), ("end_lr", EndLr), ("power", Power), ("cycle", Cycle));
}
