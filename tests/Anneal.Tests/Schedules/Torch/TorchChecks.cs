using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Torch;

/// <summary>Assertions the PyTorch-family tests share. Expected values always come from the caller.</summary>
internal static class TorchChecks
{
    /// <summary>Every step from 0 to <paramref name="last"/> matches <paramref name="expected"/> (SPEC tolerance).</summary>
    public static void ShouldFollow(Schedule schedule, IReadOnlyList<double> expected, long first = 0)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            Tolerance.ShouldMatch(schedule.At(first + i), expected[i], $"{schedule.Name} step {first + i}");
        }
    }

    /// <summary>The constructor throws <typeparamref name="TException"/> naming <paramref name="paramName"/>, with every fragment in its message.</summary>
    public static TException ShouldRefuse<TException>(Action create, string paramName, params string[] fragments)
        where TException : ArgumentException
    {
        var ex = Should.Throw<TException>(create);
        ex.ParamName.ShouldBe(paramName);
        foreach (var fragment in fragments)
        {
            ex.Message.ShouldContain(fragment);
        }

        return ex;
    }

    /// <summary>A refused real value: <c>ArgumentOutOfRangeException</c> naming the parameter, showing the value and the rule.</summary>
    public static void ShouldRefuseValue(Action create, string paramName, string shown, string rule)
        => ShouldRefuse<ArgumentOutOfRangeException>(create, paramName, $"{paramName} = {shown}", rule);

    /// <summary>The spec text binds, fails with a <see cref="SpecException"/> naming the spec parameter, with the fragment in the message.</summary>
    public static void SpecShouldRefuse(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => ScheduleSpec.Parse(text));
        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    /// <summary>
    /// <c>ToString</c> is <paramref name="text"/>, which parses back to an equal schedule, and so does the JSON form;
    /// all three give the same values over the first steps.
    /// </summary>
    public static void ShouldRoundTrip(Schedule schedule, string text, long steps = 30)
    {
        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(text);
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        fromText.ToString().ShouldBe(text);
        fromJson.ToString().ShouldBe(text);
        for (var s = 0L; s <= steps; s++)
        {
            fromText.At(s).ShouldBe(schedule.At(s));
            fromJson.At(s).ShouldBe(schedule.At(s));
            if (schedule.CyclesMomentum)
            {
                fromText.MomentumAt(s).ShouldBe(schedule.MomentumAt(s));
                fromJson.MomentumAt(s).ShouldBe(schedule.MomentumAt(s));
            }
        }
    }

    /// <summary>
    /// The scheduler over <paramref name="schedule"/>: <c>Step()</c> k times gives <c>At(k)</c> (and the momentum);
    /// resumed after k it starts at <c>At(k + 1)</c>; <c>Step(epoch)</c> jumps onto the curve.
    /// </summary>
    public static void SchedulerShouldFollow(Schedule schedule, int steps)
    {
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));
        scheduler.LastMomentum.ShouldBe(schedule.CyclesMomentum ? schedule.MomentumAt(0) : null);
        for (var k = 1; k <= steps; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(schedule.At(k), $"step {k}");
            scheduler.LastMomentum.ShouldBe(schedule.CyclesMomentum ? schedule.MomentumAt(k) : null);
        }

        var resumed = schedule.CreateScheduler(lastEpoch: steps / 2);
        resumed.LastEpoch.ShouldBe((steps / 2) + 1);
        resumed.LastLR.ShouldBe(schedule.At((steps / 2) + 1));

        scheduler.Step(steps / 3);
        scheduler.LastEpoch.ShouldBe(steps / 3);
        scheduler.LastLR.ShouldBe(schedule.At(steps / 3));
    }

    /// <summary>An integer parameter given as <c>2.0</c> is refused by the spec binder.</summary>
    public static void IntegerGivenAFloatShouldBeRefused(string text, string parameter)
        => SpecShouldRefuse(text, parameter, "expected an integer literal");
}
