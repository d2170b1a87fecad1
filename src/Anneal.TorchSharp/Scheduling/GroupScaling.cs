using System.Globalization;
using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>
/// How an <see cref="AnnealLRScheduler"/> turns the schedule's one learning rate into a rate for every param group
/// of the optimizer: group <c>i</c> gets <c>schedule(e) × multiplier[i]</c>.
/// </summary>
/// <remarks>
/// <para><see cref="KeepRatios"/> (the default): <c>multiplier[i] = initial_lr[i] / initial_lr[0]</c>, where
/// <c>initial_lr[i]</c> is the learning rate group <c>i</c> was created with
/// (<see cref="optim.ILearningRateController.InitialLearningRate"/>, PyTorch's <c>initial_lr</c>). Group 0 follows the
/// schedule exactly and every other group keeps its ratio to group 0 at every step.</para>
/// <list type="bullet">
/// <item><description>Paddle family (absolute schedules such as <c>CosineAnnealingDecay(learning_rate=0.1, ...)</c>):
/// this is Paddle's per-parameter <c>ParamAttr(learning_rate=r)</c>, a multiplier on the global rate; here group 0 is
/// the global rate and <c>r = initial_lr[i] / initial_lr[0]</c>.</description></item>
/// <item><description>PyTorch family (<c>torch.X(lr=BASE, ...)</c>): PyTorch computes each group from its own base
/// rate, <c>lr_i(e) = f(e) × base_i</c>; the spec's <c>lr</c> stands for group 0's base, so
/// <c>lr_i(e) = schedule(e) × base_i / base_0</c>, which is PyTorch's value for every group whose schedule is a factor
/// of the base (StepLR, MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR with <c>eta_min = 0</c>, ...).
/// PyTorch's OneCycleLR and CyclicLR ignore the base: a scalar <c>max_lr</c> gives every group the same rate, which is
/// <see cref="Uniform"/>; <see cref="KeepRatios"/> there equals PyTorch's list form
/// <c>max_lr=[m × base_i / base_0, ...]</c>.</description></item>
/// </list>
/// <para>The schedule is the source of truth for group 0: the optimizer's own learning rates only set the ratios.
/// <see cref="Multipliers"/> sets the multipliers explicitly (layer-wise learning rates); <see cref="Uniform"/> gives
/// every group the schedule's rate. Momentum (or Adam's beta1), when cycled, is the same for every group, as in
/// PyTorch.</para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class GroupScaling : IEquatable<GroupScaling>
{
    private readonly Kind _kind;
    private readonly double[]? _multipliers;

    private GroupScaling(Kind kind, double[]? multipliers)
    {
        _kind = kind;
        _multipliers = multipliers;
    }

    private enum Kind
    {
        KeepRatios,
        Uniform,
        Explicit,
    }

    /// <summary>
    /// Group <c>i</c> gets <c>schedule(e) × initial_lr[i] / initial_lr[0]</c>: the groups keep the ratios they were
    /// created with. Needs group 0's initial learning rate to be &gt; 0 when there is more than one group.
    /// </summary>
    public static GroupScaling KeepRatios { get; } = new(Kind.KeepRatios, null);

    /// <summary>Every group gets the schedule's rate (PyTorch's OneCycleLR and CyclicLR with a scalar <c>max_lr</c>).</summary>
    public static GroupScaling Uniform { get; } = new(Kind.Uniform, null);

    /// <summary>The explicit multipliers, one per group, or <see langword="null"/> for <see cref="KeepRatios"/> and <see cref="Uniform"/>.</summary>
    public IReadOnlyList<double>? ExplicitMultipliers => _multipliers is null ? null : Array.AsReadOnly(_multipliers);

    /// <summary>Group <c>i</c> gets <c>schedule(e) × multipliers[i]</c> (layer-wise learning rates).</summary>
    /// <param name="multipliers">One multiplier per param group, each finite and ≥ 0.</param>
    /// <returns>The scaling.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="multipliers"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A multiplier is negative, NaN or infinite.</exception>
    public static GroupScaling Multipliers(params double[] multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        if (multipliers.Length == 0)
        {
            throw new ArgumentException("needs one multiplier per param group, got none", nameof(multipliers));
        }

        for (var i = 0; i < multipliers.Length; i++)
        {
            var m = multipliers[i];
            if (!double.IsFinite(m) || m < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(multipliers), m, $"multipliers[{i}] = {Format(m)} must be finite and >= 0");
            }
        }

        return new GroupScaling(Kind.Explicit, (double[])multipliers.Clone());
    }

    /// <summary>The rule as text: <c>KeepRatios</c>, <c>Uniform</c> or <c>Multipliers(1, 0.1)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _kind switch
    {
        Kind.KeepRatios => nameof(KeepRatios),
        Kind.Uniform => nameof(Uniform),
        _ => $"{nameof(Multipliers)}({string.Join(", ", _multipliers!.Select(Format))})",
    };

    /// <inheritdoc />
    public bool Equals(GroupScaling? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GroupScaling);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The multiplier of every group of <paramref name="groups"/>.</summary>
    internal double[] Resolve(IReadOnlyList<optim.ILearningRateController> groups)
    {
        var count = groups.Count;
        switch (_kind)
        {
            case Kind.Uniform:
                return Enumerable.Repeat(1.0, count).ToArray();
            case Kind.Explicit:
                if (_multipliers!.Length != count)
                {
                    throw new ArgumentException(
                        $"GroupScaling.{this} has {_multipliers.Length} multiplier(s) but the optimizer has {count} param group(s): give one per group",
                        "groups");
                }

                return (double[])_multipliers.Clone();
            default:
                var result = new double[count];
                result[0] = 1.0;
                if (count == 1)
                {
                    return result;
                }

                var base0 = groups[0].InitialLearningRate;
                if (!double.IsFinite(base0) || base0 <= 0)
                {
                    throw new ArgumentException(
                        $"GroupScaling.KeepRatios needs param group 0's initial learning rate to be > 0 to take the other groups' ratios to it, but it is {Format(base0)}: pass GroupScaling.Multipliers(...) or GroupScaling.Uniform",
                        "groups");
                }

                for (var i = 1; i < count; i++)
                {
                    var ratio = groups[i].InitialLearningRate / base0;
                    if (!double.IsFinite(ratio) || ratio < 0)
                    {
                        throw new ArgumentException(
                            $"GroupScaling.KeepRatios: param group {i}'s initial learning rate {Format(groups[i].InitialLearningRate)} gives the ratio {Format(ratio)} to group 0's {Format(base0)}; a ratio must be finite and >= 0",
                            "groups");
                    }

                    result[i] = ratio;
                }

                return result;
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
