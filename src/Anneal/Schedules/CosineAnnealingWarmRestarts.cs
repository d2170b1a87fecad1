using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cosine annealing from <c>learning_rate</c> towards <c>eta_min</c> that restarts at <c>learning_rate</c> after
/// <c>T_0</c> epochs, then after cycles <c>T_mult</c> times longer each time (SGDR; Paddle
/// <c>paddle.optimizer.lr.CosineAnnealingWarmRestarts</c>, PyTorch <c>CosineAnnealingWarmRestarts</c>). Instances are
/// immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>The cycles have lengths <c>T_0</c>, <c>T_0 * T_mult</c>, <c>T_0 * T_mult ** 2</c>, ... With <c>T_i</c> the
/// length of the cycle that contains epoch <c>e</c> and <c>T_cur</c> the epochs since that cycle began:
/// <c>lr(e) = eta_min + (learning_rate - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2</c>, in Paddle's order of
/// operations. <c>eta_min</c> itself is never reached: the last epoch of a cycle is one short of it.</para>
/// <para>The restart points come from integer arithmetic on the cycle lengths (O(log e) per call). Paddle and
/// PyTorch find them for an explicit epoch with a truncated <c>log</c>, which is off by one at some exact restart
/// points (<c>T_0 = 1</c>, <c>T_mult = 3</c>, epoch 121 gives <c>eta_min</c> there instead of a restart at
/// <c>learning_rate</c>); stepping one epoch at a time gives the same values as here.</para>
/// <para>Spec: <c>CosineAnnealingWarmRestarts(learning_rate, T_0, T_mult=1, eta_min=0.0)</c>.</para>
/// </remarks>
/// <example>
/// <c>new CosineAnnealingWarmRestarts(0.5, t0: 2, tMult: 2)</c> gives 0.5, 0.25, then 0.5 (restart at 2),
/// 0.42677669529663687, 0.25, 0.07322330470336313, then 0.5 (restart at 6), ...
/// </example>
public sealed class CosineAnnealingWarmRestarts : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "CosineAnnealingWarmRestarts",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("T_0", "t0", ParamKind.Integer),
            ParamSpec.Opt("T_mult", "tMult", ParamKind.Integer, 1L),
            ParamSpec.Opt("eta_min", "etaMin", ParamKind.Real, 0.0),
        ],
        a => new CosineAnnealingWarmRestarts(a.Real("learning_rate"), a.Integer("T_0"), a.Integer("T_mult"), a.Real("eta_min")));

    // The longest cycle length that can be multiplied by T_mult without overflow.
    private readonly long _maxLengthToGrow;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The rate at every restart (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="t0">The length of the first cycle (Paddle and PyTorch <c>T_0</c>), &gt; 0.</param>
    /// <param name="tMult">The factor by which each cycle is longer than the previous one (Paddle and PyTorch <c>T_mult</c>), ≥ 1. The default value is 1.</param>
    /// <param name="etaMin">The rate the cosine heads for (Paddle and PyTorch <c>eta_min</c>), finite and ≥ 0; may exceed <paramref name="learningRate"/>. The default value is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public CosineAnnealingWarmRestarts(double learningRate, long t0, long tMult = 1, double etaMin = 0.0)
    {
        T0 = Guard.Positive(t0);
        Guard.Require(tMult >= 1, nameof(tMult), tMult, "must be an integer >= 1");
        TMult = tMult;
        EtaMin = Guard.NonNegative(etaMin);
        LearningRate = Guard.NonNegative(learningRate);
        _maxLengthToGrow = long.MaxValue / tMult;
    }

    /// <summary>The rate at every restart.</summary>
    public double LearningRate { get; }

    /// <summary>The length of the first cycle.</summary>
    public long T0 { get; }

    /// <summary>The factor by which each cycle is longer than the previous one.</summary>
    public long TMult { get; }

    /// <summary>The rate the cosine heads for.</summary>
    public double EtaMin { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        if (TMult == 1)
        {
            return Value(step % T0, T0);
        }

        // Walk the cycles: at most log_TMult(step / T0) + 1 iterations, all in exact integer arithmetic.
        long start = 0;
        var length = T0;
        while (step - start >= length)
        {
            start += length;
            if (length > _maxLengthToGrow)
            {
                // The next cycle is longer than any long: the step lies in it.
                return Value(step - start, (double)length * TMult);
            }

            length *= TMult;
        }

        return Value(step - start, length);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("learning_rate", LearningRate), ("T_0", T0), ("T_mult", TMult), ("eta_min", EtaMin));

    private double Value(double tCur, double tI)
        => EtaMin + ((LearningRate - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2);
}
