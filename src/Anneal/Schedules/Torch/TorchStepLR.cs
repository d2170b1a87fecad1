using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> every <c>step_size</c> epochs (PyTorch
/// <c>torch.optim.lr_scheduler.StepLR</c>; Paddle <c>StepDecay</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * gamma ** (e // step_size)</c>, PyTorch's closed form (its chainable steps multiply the
/// current rate by <c>gamma</c> at each multiple of <c>step_size</c>, which agrees to rounding).</para>
/// <para>As in PyTorch, any <c>gamma</c> ≥ 0 is accepted: 1 keeps the rate, above 1 it grows (a step where it
/// overflows a double is refused). Anneal also refuses what PyTorch fails on later or silently: <c>step_size</c>
/// ≤ 0 (a modulo by zero) and a negative <c>gamma</c> (negative rates).</para>
/// <para>Spec: <c>torch.StepLR(lr, step_size, gamma=0.1)</c>, <c>lr</c> being the optimizer's learning rate.</para>
/// </remarks>
/// <example>
/// <c>new TorchStepLR(0.05, stepSize: 30)</c> gives 0.05 for epochs 0-29, 0.005 for 30-59, 0.0005 for 60-89, ...
/// (PyTorch's documented example).
/// </example>
public sealed class TorchStepLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.StepLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("step_size", "stepSize", ParamKind.Integer),
            ParamSpec.Opt("gamma", "gamma", ParamKind.Real, 0.1),
        ],
        a => new TorchStepLR(a.Real("lr"), a.Integer("step_size"), a.Real("gamma")));

    // _rates[k] = lr * gamma ** k for the first decays, computed by the very expression At uses past the table, so the
    // doubles are the same and At costs a division and a load instead of a Math.Pow.
    private readonly double[] _rates;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="stepSize">Epochs between decays (PyTorch <c>step_size</c>), &gt; 0.</param>
    /// <param name="gamma">The factor (PyTorch <c>gamma</c>), finite and ≥ 0. The default value is 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchStepLR(double lr, long stepSize, double gamma = 0.1)
    {
        Lr = Guard.NonNegative(lr);
        StepSize = Guard.Positive(stepSize);
        Gamma = Guard.NonNegative(gamma);
        _rates = GeometricDecay.Table(Lr, Gamma, GeometricDecay.TableSize);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr { get; }

    /// <summary>Epochs between decays.</summary>
    public long StepSize { get; }

    /// <summary>The factor.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Also when <see cref="Gamma"/> &gt; 1 makes the rate overflow at <paramref name="step"/>.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        var k = step / StepSize;
        return TorchRules.Finite(k < _rates.Length ? _rates[(int)k] : GeometricDecay.At(Lr, Gamma, k), step, Gamma);
    }

    // Between decays the value is the previous one (same k = step / step_size), so sequential stepping skips even the
    // table: the cost of Step() stays flat however many decays have passed.
    internal override double Next(long step, double previous) => step > 0 && step % StepSize != 0 ? previous : At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("step_size", StepSize), ("gamma", Gamma));
}
