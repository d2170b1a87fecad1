using CsCheck;

namespace Anneal.Tests.Properties;

/// <summary>Invariants over random schedules and compositions (CsCheck, shrinking to the smallest failing case).</summary>
public class ScheduleProperties
{
    /// <summary>Steps probed in each property; OneCycleLR's generated total_steps are ≥ 100, so all are in range.</summary>
    private static readonly long[] Probe = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 99];

    [Fact]
    public void Spec_TextRoundTrip_IsExact()
        => ScheduleGenerators.Any.Sample(
            s =>
            {
                var back = Schedule.Parse(s.ToString());
                back.ToString().ShouldBe(s.ToString());
                back.ShouldBe(s);
                foreach (var step in Probe)
                {
                    back.At(step).ShouldBe(s.At(step));
                }
            },
            iter: 400,
            print: s => s.ToString());

    [Fact]
    public void Spec_JsonRoundTrip_IsExact()
        => ScheduleGenerators.Any.Sample(
            s =>
            {
                var back = Schedule.FromJson(s.ToJson());
                back.ToString().ShouldBe(s.ToString());
                back.ToJson().ShouldBe(s.ToJson());
                foreach (var step in Probe)
                {
                    back.At(step).ShouldBe(s.At(step));
                }
            },
            iter: 400,
            print: s => s.ToString());

    [Fact]
    public void Resume_SaveRestoreContinue_EqualsTheUninterruptedRun()
        => Gen.Select(ScheduleGenerators.Any, Gen.Int[0, 50], Gen.Int[1, 49]).Sample(
            t =>
            {
                var (schedule, n, m) = t;
                var uninterrupted = schedule.CreateScheduler();
                var first = schedule.CreateScheduler();
                for (var i = 0; i < n; i++)
                {
                    uninterrupted.Step();
                    first.Step();
                }

                var restored = LRScheduler.Restore(first.SaveState());
                var resumedByArgument = schedule.CreateScheduler(lastEpoch: n - 1);
                resumedByArgument.LastLR.ShouldBe(uninterrupted.LastLR);
                for (var i = 0; i < m; i++)
                {
                    uninterrupted.Step();
                    restored.Step();
                    resumedByArgument.Step();
                    restored.LastLR.ShouldBe(uninterrupted.LastLR);
                    restored.LastEpoch.ShouldBe(uninterrupted.LastEpoch);
                    resumedByArgument.LastLR.ShouldBe(uninterrupted.LastLR);
                }
            },
            iter: 300,
            print: t => $"{t.Item1} n={t.Item2} m={t.Item3}");

    [Fact]
    public void Scheduler_SequentialSteps_EqualAtAndExplicitEpochs()
        => ScheduleGenerators.Any.Sample(
            s =>
            {
                var scheduler = s.CreateScheduler();
                var jumper = s.CreateScheduler();
                for (var e = 1; e < 100; e++)
                {
                    scheduler.Step();
                    scheduler.LastLR.ShouldBe(s.At(e));
                }

                foreach (var step in Probe.Reverse())
                {
                    jumper.Step(step);
                    jumper.LastLR.ShouldBe(s.At(step));
                }
            },
            iter: 200,
            print: s => s.ToString());

    [Fact]
    public void At_IsFiniteAndNonNegative()
        => ScheduleGenerators.Any.Sample(
            s => Probe.All(step => double.IsFinite(s.At(step)) && s.At(step) >= 0),
            iter: 500,
            print: s => s.ToString());
}
