using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> at each milestone epoch, once per time the milestone is listed
/// (PyTorch <c>torch.optim.lr_scheduler.MultiStepLR</c>; Paddle <c>MultiStepDecay</c>). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * gamma ** bisect_right(sorted(milestones), e)</c>, PyTorch's closed form: the exponent
/// counts the milestones ≤ e, repetitions included, found by binary search in O(log n).</para>
/// <para>As in PyTorch (which keeps the milestones in a <c>Counter</c>), a repeated milestone applies <c>gamma</c>
/// once per repetition and the order of the list does not matter: the spec prints it sorted. Paddle's MultiStepDecay
/// requires strictly increasing milestones. Any <c>gamma</c> ≥ 0 is accepted. Refused, where PyTorch would misbehave
/// silently: a negative milestone (never reached by PyTorch's steps, yet counted by its closed form), a negative
/// <c>gamma</c> (negative rates), and a <c>gamma</c> whose power overflows a double.</para>
/// <para>Spec: <c>torch.MultiStepLR(lr, milestones, gamma=0.1)</c>, e.g.
/// <c>torch.MultiStepLR(lr=0.05, milestones=[30, 80])</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchMultiStepLR(0.05, [30, 80])</c> gives 0.05 for epochs 0-29, 0.005 for 30-79 and 0.0005 from 80 on
/// (PyTorch's documented example); <c>new TorchMultiStepLR(1.0, [2, 2, 5])</c> gives 1, 1, then 0.01 from epoch 2
/// and 0.001 from epoch 5.
/// </example>
public sealed class TorchMultiStepLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.MultiStepLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("milestones", "milestones", ParamKind.IntegerList),
            ParamSpec.Opt("gamma", "gamma", ParamKind.Real, 0.1),
        ],
        a => new TorchMultiStepLR(a.Real("lr"), a.Integers("milestones"), a.Real("gamma")));

    private readonly long[] _milestones;

    // _rates[k] = lr * gamma ** k, the rate after k milestones (a repeated milestone counts twice).
    private readonly double[] _rates;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="milestones">The epochs where the rate is multiplied by <paramref name="gamma"/> (PyTorch
    /// <c>milestones</c>), each ≥ 0, in any order, repetitions allowed; may be empty. The list is copied.</param>
    /// <param name="gamma">The factor (PyTorch <c>gamma</c>), finite and ≥ 0. The default value is 0.1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A milestone is negative; <paramref name="gamma"/> is negative,
    /// NaN or infinite, or its power overflows; <paramref name="lr"/> is negative, NaN or infinite.</exception>
    public TorchMultiStepLR(double lr, IEnumerable<long> milestones, double gamma = 0.1)
    {
        Lr = Guard.NonNegative(lr);
        _milestones = EpochLists.SortedNonNegative(milestones, nameof(milestones), "milestone");
        Gamma = Guard.NonNegative(gamma);
        Guard.Require(
            double.IsFinite(GeometricDecay.At(lr, gamma, _milestones.Length)),
            nameof(gamma),
            gamma,
            $"makes lr * gamma ** {_milestones.Length} overflow a double");
        Milestones = Array.AsReadOnly(_milestones);
        _rates = GeometricDecay.Table(Lr, Gamma, _milestones.Length + 1);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr { get; }

    /// <summary>The milestones, sorted, repetitions included.</summary>
    public IReadOnlyList<long> Milestones { get; }

    /// <summary>The factor.</summary>
    public double Gamma { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        return _rates[EpochLists.CountAtOrBefore(_milestones, step)];
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("milestones", _milestones), ("gamma", Gamma));
}
