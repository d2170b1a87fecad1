using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// A constant learning rate per interval of epochs: <c>values[i]</c> until <c>boundaries[i]</c> (Paddle
/// <c>paddle.optimizer.lr.PiecewiseDecay</c>; in PyTorch, the closest is <c>LambdaLR</c> with a lookup, or
/// <c>MultiStepLR</c> when the values are a geometric series). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = values[i]</c> for the first <c>i</c> with <c>e &lt; boundaries[i]</c>; past the last boundary,
/// the <b>last</b> element of <c>values</c>. A boundary is the first epoch of the next value. The values are returned
/// as given: there is no <c>learning_rate</c> to multiply them by. The interval is found by binary search, in
/// O(log n).</para>
/// <para>As in Paddle, <c>values</c> may be longer than <c>boundaries</c> + 1: the extra values between
/// <c>values[len(boundaries) - 1]</c> and the last one are never used. With <c>boundaries[0] == 0</c>,
/// <c>values[0]</c> is never used either.</para>
/// <para>Correction: Paddle does not check the boundaries (unsorted ones silently give a different curve). Here they
/// must be strictly increasing and ≥ 0, and the values finite and ≥ 0.</para>
/// <para>Spec: <c>PiecewiseDecay(boundaries, values)</c>, e.g.
/// <c>PiecewiseDecay(boundaries=[3, 6, 9], values=[0.1, 0.2, 0.3, 0.4])</c>.</para>
/// </remarks>
/// <example>
/// <c>new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4])</c> gives 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, then
/// 0.4 from epoch 9 on.
/// </example>
public sealed class PiecewiseDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "PiecewiseDecay",
        [
            ParamSpec.Req("boundaries", "boundaries", ParamKind.IntegerList),
            ParamSpec.Req("values", "values", ParamKind.RealList),
        ],
        a => new PiecewiseDecay(a.Integers("boundaries"), a.Reals("values")));

    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">The epochs where the value changes (Paddle <c>boundaries</c>): at least one, each ≥ 0,
    /// strictly increasing. The list is copied.</param>
    /// <param name="values">The learning rates (Paddle <c>values</c>), each finite and ≥ 0, more of them than
    /// <paramref name="boundaries"/>. The list is copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="boundaries"/> or <paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="boundaries"/> is empty, negative or not strictly
    /// increasing; <paramref name="values"/> has too few elements, or one that is negative, NaN or infinite.</exception>
    public PiecewiseDecay(IEnumerable<long> boundaries, IEnumerable<double> values)
    {
        _boundaries = EpochLists.StrictlyIncreasing(boundaries, nameof(boundaries), "boundary");
        _values = [.. Guard.NotNull(values)];
        if (_boundaries.Length == 0)
        {
            throw Guard.OutOfRange(nameof(boundaries), EpochLists.Shown(_boundaries), "must not be empty (give at least one boundary)");
        }

        if (_values.Length <= _boundaries.Length)
        {
            throw Guard.OutOfRange(
                nameof(values),
                EpochLists.Shown(_values),
                $"must have more elements than boundaries: {_values.Length} given, at least {_boundaries.Length + 1} needed");
        }

        for (var i = 0; i < _values.Length; i++)
        {
            var v = _values[i];
            if (!double.IsFinite(v))
            {
                throw Guard.OutOfRange(nameof(values), v, $"at index {i} must be a finite number");
            }

            if (v < 0)
            {
                throw Guard.OutOfRange(nameof(values), v, $"at index {i} must be >= 0 (values are learning rates)");
            }
        }

        Boundaries = Array.AsReadOnly(_boundaries);
        Values = Array.AsReadOnly(_values);
    }

    /// <summary>The epochs where the value changes, strictly increasing.</summary>
    public IReadOnlyList<long> Boundaries { get; }

    /// <summary>The learning rates; the last one applies from the last boundary on.</summary>
    public IReadOnlyList<double> Values { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var passed = EpochLists.CountAtOrBefore(_boundaries, step);
        return passed < _boundaries.Length ? _values[passed] : _values[^1];
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(("boundaries", _boundaries), ("values", _values));
}
