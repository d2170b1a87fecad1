using System.Globalization;

namespace Anneal.Tests.Schedules.Peers;

/// <summary>Checks that every peer schedule's tests repeat: refusals, spec round trips, the scheduler over it.</summary>
internal static class PeerAssert
{
    public static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }

    public static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/>, checks it prints back as is, and that text and JSON round trips give equal schedules with identical values.</summary>
    public static T RoundTrips<T>(string text, long steps = 200)
        where T : Schedule
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<T>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var e = 0L; e <= steps; e++)
        {
            fromText.At(e).ShouldBe(schedule.At(e), $"step {e}");
            fromJson.At(e).ShouldBe(schedule.At(e), $"step {e}");
        }

        return schedule;
    }

    public static void SpecRefuses(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    /// <summary><c>Step()</c> k times gives <c>At(k)</c>; a resumed scheduler starts at <c>At(k + 1)</c>; <c>Step(epoch)</c> lands on the curve.</summary>
    public static void SchedulerFollows(Schedule schedule, long steps, long[] resumeAt, long[] jumps)
    {
        var scheduler = schedule.CreateScheduler();
        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(schedule.At(0));
        for (var k = 1L; k <= steps; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(schedule.At(k), $"step {k}");
        }

        foreach (var k in resumeAt)
        {
            var resumed = schedule.CreateScheduler(lastEpoch: k);
            resumed.LastEpoch.ShouldBe(k + 1);
            resumed.LastLR.ShouldBe(schedule.At(k + 1), $"resumed after {k}");
            resumed.Step();
            resumed.LastLR.ShouldBe(schedule.At(k + 2), $"resumed after {k}, one step on");
        }

        var jumping = schedule.CreateScheduler();
        foreach (var e in jumps)
        {
            jumping.Step(e);
            jumping.LastEpoch.ShouldBe(e);
            jumping.LastLR.ShouldBe(schedule.At(e), $"jump to {e}");
        }

        jumping.Step();
        jumping.LastLR.ShouldBe(schedule.At(jumps[^1] + 1));
    }
}
