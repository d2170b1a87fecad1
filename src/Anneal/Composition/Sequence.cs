using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Runs schedules one after another: the first before <c>milestones[0]</c>, then the second counted from 0 at
/// <c>milestones[0]</c>, and so on (PyTorch <c>SequentialLR</c>, without its resume and off-by-one problems: each
/// part is a pure function of the step, so resuming needs no replay). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = schedules[i].At(e - milestones[i-1])</c> where <c>i</c> is the number of milestones ≤ e
/// (and <c>milestones[-1] = 0</c>).</para>
/// <para>Spec: <c>Sequence(schedules=[A, B, ...], milestones=[m1, ...])</c>.</para>
/// </remarks>
/// <example>
/// <c>Sequence(schedules=[LinearLR(learning_rate=0.1, total_steps=5, start_factor=0.2), CosineAnnealingDecay(learning_rate=0.1, T_max=95)], milestones=[5])</c>
/// warms up for 5 steps, then anneals from 0.1 at step 5.
/// </example>
public sealed class Sequence : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Sequence",
        [
            ParamSpec.Req("schedules", "schedules", ParamKind.ScheduleList),
            ParamSpec.Req("milestones", "milestones", ParamKind.IntegerList),
        ],
        a => new Sequence(ComposeArgument.Schedules(a.Definitions("schedules"), "schedules"), a.Integers("milestones")));

    private readonly Schedule[] _schedules;
    private readonly long[] _milestones;

    /// <summary>Creates the sequence.</summary>
    /// <param name="schedules">The parts, at least one.</param>
    /// <param name="milestones">The steps where each next part starts: one fewer than the parts, strictly increasing, each &gt; 0.</param>
    /// <exception cref="ArgumentNullException">An argument or a part is null.</exception>
    /// <exception cref="ArgumentException">The counts do not match, or the milestones are not strictly increasing positive steps.</exception>
    public Sequence(IEnumerable<Schedule> schedules, IEnumerable<long> milestones)
    {
        _schedules = [.. Guard.NotNull(schedules)];
        _milestones = [.. Guard.NotNull(milestones)];
        Guard.Require(_schedules.Length >= 1, nameof(schedules), _schedules.Length, "must hold at least one schedule");
        foreach (var s in _schedules)
        {
            Guard.NotNull(s, nameof(schedules));
        }

        Guard.Require(
            _milestones.Length == _schedules.Length - 1,
            nameof(milestones),
            "[" + string.Join(", ", _milestones) + "]",
            $"must have one entry fewer than schedules ({_schedules.Length} schedules need {_schedules.Length - 1} milestones)");
        for (var i = 0; i < _milestones.Length; i++)
        {
            Guard.Require(
                _milestones[i] > (i == 0 ? 0 : _milestones[i - 1]),
                nameof(milestones),
                "[" + string.Join(", ", _milestones) + "]",
                "must be strictly increasing steps > 0");
        }
    }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<Schedule> Schedules => _schedules;

    /// <summary>The steps where each next part starts.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step)
    {
        CheckStep(step);
        var i = 0;
        while (i < _milestones.Length && _milestones[i] <= step)
        {
            i++;
        }

        return _schedules[i].At(i == 0 ? step : step - _milestones[i - 1]);
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("schedules", _schedules), ("milestones", _milestones));
}
