using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Composition;

public class SequenceTests
{
    [Fact]
    public void At_EachPartCountsFromZeroAtItsMilestone()
    {
        // LinearLR 0.02 → 0.1 over 5 steps, then cosine from 0.1 over 95 steps, then constant 0.001.
        var warm = new LinearLR(0.1, 5, startFactor: 0.2);
        var cosine = new CosineAnnealingDecay(0.1, 95);
        var tail = new Constant(0.001);
        var s = new Sequence([warm, cosine, tail], [5, 100]);

        for (var e = 0; e < 5; e++)
        {
            Tolerance.ShouldMatch(s.At(e), 0.1 * (0.2 + ((1.0 - 0.2) * e / 5)), $"epoch {e}");
        }

        for (var e = 5; e < 100; e++)
        {
            Tolerance.ShouldMatch(s.At(e), 0.1 * (1 + Math.Cos(Math.PI * (e - 5) / 95)) / 2, $"epoch {e}");
        }

        s.At(100).ShouldBe(0.001);
        s.At(1_000_000_000).ShouldBe(0.001);
    }

    [Fact]
    public void At_MilestoneIsTheFirstStepOfTheNextPart()
    {
        var s = new Sequence([new Constant(1), new Constant(2)], [3]);

        s.At(2).ShouldBe(1);
        s.At(3).ShouldBe(2);
    }

    [Fact]
    public void Spec_RoundTrips_AndReadsAsDesigned()
    {
        const string text = "Sequence(schedules=[LinearLR(learning_rate=0.1, total_steps=5, start_factor=0.2), CosineAnnealingDecay(learning_rate=0.1, T_max=95)], milestones=[5])";

        var s = Schedule.Parse(text);

        s.ToString().ShouldBe(text);
        Schedule.FromJson(s.ToJson()).ShouldBe(s);
    }

    [Theory]
    [InlineData("Sequence(schedules=[Constant(learning_rate=1.0), Constant(learning_rate=2.0)], milestones=[])", "milestones", "one entry fewer than schedules")]
    [InlineData("Sequence(schedules=[Constant(learning_rate=1.0), Constant(learning_rate=2.0)], milestones=[0])", "milestones", "strictly increasing steps > 0")]
    [InlineData("Sequence(schedules=[Constant(learning_rate=1.0), Constant(learning_rate=2.0), Constant(learning_rate=3.0)], milestones=[5, 5])", "milestones", "strictly increasing")]
    [InlineData("Sequence(schedules=[], milestones=[])", "schedules", "at least one schedule")]
    [InlineData("Sequence(schedules=[ReduceOnPlateau(learning_rate=1.0)], milestones=[])", "schedules", "composites need pure schedules")]
    public void Parse_BadSequence_IsRefused(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Then_FlattensAndLeavesTheReceiverUnchanged()
    {
        var a = new Constant(1);
        var ab = a.Then(new Constant(2), at: 10);
        var abc = ab.Then(new Constant(3), at: 20);

        abc.Schedules.Count.ShouldBe(3);
        abc.Milestones.ShouldBe([10L, 20L]);
        ab.Schedules.Count.ShouldBe(2);
        abc.At(15).ShouldBe(2);
        abc.At(25).ShouldBe(3);
    }
}

public class WarmupTests
{
    private static readonly Schedule Cosine = new CosineAnnealingDecay(0.1, 90);

    [Fact]
    public void Linear_EndsWhereTheScheduleStarts_WithNoJump()
    {
        var s = Cosine.WithWarmup(10);

        for (var e = 0; e < 10; e++)
        {
            Tolerance.ShouldMatch(s.At(e), 0.1 * e / 10, $"epoch {e}");
        }

        s.At(10).ShouldBe(0.1);
        s.At(55).ShouldBe(Cosine.At(45));
        s.ToString().ShouldBe("Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10)");
    }

    [Fact]
    public void Cosine_Shape()
    {
        var s = Cosine.WithWarmup(10, startLr: 0.01, type: WarmupType.Cosine);

        s.At(0).ShouldBe(0.01);
        Tolerance.ShouldMatch(s.At(5), 0.01 + ((0.1 - 0.01) * 0.5));
        Tolerance.ShouldMatch(s.At(2), 0.01 + ((0.1 - 0.01) * (1 - Math.Cos(Math.PI * 0.2)) / 2));
    }

    [Fact]
    public void Exponential_Shape_MultipliesByTheSameFactorEachStep()
    {
        var s = new Warmup(new Constant(0.1), 4, startLr: 0.1 / 16, endLr: null, WarmupType.Exponential);

        Tolerance.ShouldMatch(s.At(0), 0.1 / 16);
        Tolerance.ShouldMatch(s.At(1), 0.1 / 8);
        Tolerance.ShouldMatch(s.At(2), 0.1 / 4);
        Tolerance.ShouldMatch(s.At(3), 0.1 / 2);
        s.At(4).ShouldBe(0.1);
        s.ToString().ShouldBe("Warmup(learning_rate=0.1, warmup_steps=4, start_lr=0.00625, warmup_type='exponential')");
    }

    [Fact]
    public void Exponential_FromZero_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new Warmup(Cosine, 5, 0.0, null, WarmupType.Exponential));

        ex.ParamName.ShouldBe("startLr");
    }

    [Theory]
    [InlineData("Warmup(learning_rate=0.1, warmup_steps=0)", "warmup_steps")]
    [InlineData("Warmup(learning_rate=0.1, warmup_steps=5, start_lr=-1.0)", "start_lr")]
    [InlineData("Warmup(learning_rate=0.1, warmup_steps=5, end_lr=nan)", null)]
    [InlineData("Warmup(learning_rate=0.1, warmup_steps=5, warmup_type='quadratic')", "warmup_type")]
    public void Parse_BadWarmup_IsRefused(string text, string? parameter)
        => Should.Throw<SpecException>(() => Schedule.Parse(text)).Parameter.ShouldBe(parameter);
}

public class ScaleAndClampTests
{
    [Fact]
    public void Scale_MultipliesEveryStep()
    {
        var inner = new StepDecay(0.5, 2, 0.8);
        var s = inner.Scale(0.1);

        for (var e = 0; e < 10; e++)
        {
            s.At(e).ShouldBe(inner.At(e) * 0.1);
        }

        s.ToString().ShouldBe("Scale(learning_rate=StepDecay(learning_rate=0.5, step_size=2, gamma=0.8), factor=0.1)");
    }

    [Fact]
    public void Clamp_KeepsBetweenTheBounds()
    {
        var s = new CosineAnnealingDecay(1.0, 10).Clamp(minLr: 0.1, maxLr: 0.9);

        s.At(0).ShouldBe(0.9);
        s.At(5).ShouldBe(0.5);
        s.At(10).ShouldBe(0.1);
        s.ToString().ShouldBe("Clamp(learning_rate=CosineAnnealingDecay(learning_rate=1.0, T_max=10), min_lr=0.1, max_lr=0.9)");
        Schedule.Parse("Clamp(learning_rate=Constant(learning_rate=5.0))").At(3).ShouldBe(5.0);
    }

    [Fact]
    public void Clamp_CeilingBelowFloor_IsRefusedNamingBoth()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new Constant(1).Clamp(0.5, 0.1));

        ex.ParamName.ShouldBe("maxLr");
        ex.Message.ShouldContain("maxLr = 0.1 must be >= min_lr = 0.5");
    }

    [Fact]
    public void Scale_NegativeFactor_IsRefused()
        => Should.Throw<ArgumentOutOfRangeException>(() => new Constant(1).Scale(-1)).ParamName.ShouldBe("factor");

    [Fact]
    public void WithNoise_IsSeededAndPure()
    {
        var inner = new CosineAnnealingDecay(0.1, 100);
        var a = inner.WithNoise(10, 90, seed: 7);
        var b = inner.WithNoise(10, 90, seed: 7);

        a.At(5).ShouldBe(inner.At(5));
        a.At(50).ShouldBe(b.At(50));
        Math.Abs((a.At(50) / inner.At(50)) - 1).ShouldBeLessThan(0.67);
        a.At(95).ShouldBe(inner.At(95));
        Schedule.Parse(a.ToString()).At(50).ShouldBe(a.At(50));
    }

    [Fact]
    public void Composites_NeverMutateTheReceiver()
    {
        var inner = new CosineAnnealingDecay(0.1, 10);
        var before = inner.ToString();

        _ = inner.Scale(2).Clamp(0.01).WithWarmup(3).Then(new Constant(0.001), 50);

        inner.ToString().ShouldBe(before);
    }
}

public class PlateauOverScheduleTests
{
    [Fact]
    public void Step_FollowsTheScheduleUntilAPlateau_ThenScalesIt()
    {
        // Warmup 0 → 0.1 over 4 steps, then cosine over 20; cut by half after 2 non-improving epochs.
        var schedule = new CosineAnnealingDecay(0.1, 20).WithWarmup(4);
        var scheduler = schedule.ReduceOnPlateau(factor: 0.5, patience: 1).CreateScheduler();

        scheduler.LastLR.ShouldBe(schedule.At(0));
        double[] improving = [5, 4, 3, 2, 1];
        for (var i = 0; i < improving.Length; i++)
        {
            scheduler.Step(improving[i]);
            scheduler.LastLR.ShouldBe(schedule.At(i + 1));
        }

        scheduler.Step(1); // bad 1
        scheduler.LastLR.ShouldBe(schedule.At(6));
        scheduler.Step(1); // bad 2 > 1 → cut
        scheduler.Scale.ShouldBe(0.5);
        scheduler.LastLR.ShouldBe(schedule.At(7) * 0.5);
        scheduler.Step(0.5); // improvement; the cut stays
        scheduler.LastLR.ShouldBe(schedule.At(8) * 0.5);
    }

    [Fact]
    public void MinLr_FloorsOnlyAfterACut_AndNeverRaisesAboveTheSchedule()
    {
        var schedule = new CosineAnnealingDecay(0.1, 10);
        var scheduler = schedule.ReduceOnPlateau(factor: 0.1, patience: 0, minLr: 0.02).CreateScheduler();

        scheduler.Step(1); // best
        scheduler.Step(1); // cut: max(At(2) * 0.1, min(0.02, At(2)))
        scheduler.LastLR.ShouldBe(0.02);
        for (var e = 3; e <= 10; e++)
        {
            scheduler.Step(0.5 / e); // improving
            scheduler.LastLR.ShouldBe(Math.Max(schedule.At(e) * 0.1, Math.Min(0.02, schedule.At(e))));
        }

        scheduler.LastLR.ShouldBe(0.0); // the cosine reaches 0 at T_max; the floor never lifts it above the schedule
    }

    [Fact]
    public void Spec_RoundTrips_AndStateResumesExactly()
    {
        const string text = "ReduceOnPlateau(learning_rate=Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10), factor=0.5, patience=2)";
        var definition = ScheduleSpec.Parse(text);
        definition.ToString().ShouldBe(text);
        ScheduleSpec.FromJson(definition.ToJson()).ToString().ShouldBe(text);

        var metrics = Enumerable.Range(0, 80).Select(i => 1.0 / (1 + (i / 10))).ToArray();
        var uninterrupted = (ReduceOnPlateauScheduler)definition.CreateScheduler();
        var first = (ReduceOnPlateauScheduler)definition.CreateScheduler();
        foreach (var m in metrics[..37])
        {
            uninterrupted.Step(m);
            first.Step(m);
        }

        var restored = (ReduceOnPlateauScheduler)LRScheduler.Restore(first.SaveState());
        first.SaveState().ShouldContain("\"scale\":");
        foreach (var m in metrics[37..])
        {
            uninterrupted.Step(m);
            restored.Step(m);
            restored.LastLR.ShouldBe(uninterrupted.LastLR);
            restored.Scale.ShouldBe(uninterrupted.Scale);
        }

        uninterrupted.Scale.ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Step_PastTheScheduleEnd_ChangesNothing()
    {
        var scheduler = new OneCycleLR(0.1, 10).ReduceOnPlateau(patience: 0).CreateScheduler();
        for (var i = 0; i < 10; i++)
        {
            scheduler.Step(1); // steps 1..10; OneCycleLR is defined up to total_steps
        }

        var before = scheduler.SaveState();

        Should.Throw<ArgumentOutOfRangeException>(() => scheduler.Step(1));

        scheduler.SaveState().ShouldBe(before);
    }
}
