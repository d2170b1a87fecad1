using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class LinearWarmupTests
{
    [Fact]
    public void At_DuringWarmup_IsPaddlesLine()
    {
        // SPEC §7: ((end - start) * e) / W + start.
        var schedule = new LinearWarmup(0.2, warmupSteps: 7, startLr: 0.01, endLr: 0.1);

        for (var e = 0L; e < 7; e++)
        {
            schedule.At(e).ShouldBe(((0.1 - 0.01) * e / 7) + 0.01, $"epoch {e}");
        }
    }

    [Fact]
    public void At_PaddleUnitTestFirstValues()
    {
        // Literal values computed by Paddle (shared/vectors, warmup_over_float_unit_test).
        var schedule = new LinearWarmup(0.5, 10, 0.0, 0.5);
        double[] expected = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25];

        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), expected[e], $"epoch {e}");
        }

        schedule.At(10).ShouldBe(0.5);
    }

    [Fact]
    public void At_EndLrIsNeverOutput()
    {
        // The largest warmup value is at W-1; at W the inner's epoch-0 value takes over, here with a jump down.
        var schedule = new LinearWarmup(0.3, warmupSteps: 10, startLr: 0.0, endLr: 0.5);

        Tolerance.ShouldMatch(schedule.At(9), 0.0 + ((0.5 - 0.0) * 9 / 10));
        Tolerance.ShouldMatch(schedule.At(9), 0.45);
        schedule.At(10).ShouldBe(0.3);
        for (var e = 0L; e <= 1000; e++)
        {
            schedule.At(e).ShouldNotBe(0.5, $"epoch {e}");
        }
    }

    [Fact]
    public void At_JumpsAtWarmupSteps_ToTheInnersFirstValue()
    {
        var inner = new CosineAnnealingDecay(0.1, 90);
        var schedule = new LinearWarmup(inner, warmupSteps: 5, startLr: 0.0, endLr: 0.2);

        Tolerance.ShouldMatch(schedule.At(4), 0.16);
        schedule.At(5).ShouldBe(0.1);
    }

    [Fact]
    public void At_OverANumber_ReturnsItUnchangedForever()
    {
        var schedule = new LinearWarmup(0.123, 4, 0.0, 0.1);

        schedule.At(4).ShouldBe(0.123);
        schedule.At(5).ShouldBe(0.123);
        schedule.At(long.MaxValue).ShouldBe(0.123);
    }

    [Fact]
    public void At_OverCosineAnnealingDecay_OffsetsTheInnerEpoch()
    {
        // inner epoch = outer epoch - warmup_steps; the inner uses its closed form and rises again after its T_max.
        var schedule = new LinearWarmup(new CosineAnnealingDecay(0.1, 90, 0.001), warmupSteps: 10, startLr: 0.0, endLr: 0.1);

        for (var k = 0L; k <= 300; k++)
        {
            Tolerance.ShouldMatch(schedule.At(10 + k), 0.001 + ((0.1 - 0.001) * (1 + Math.Cos(Math.PI * k / 90)) / 2), $"inner epoch {k}");
        }

        schedule.At(100).ShouldBe(0.001);
        schedule.At(101).ShouldBeGreaterThan(0.001);
    }

    [Fact]
    public void At_DuringWarmup_DoesNotDependOnTheInner()
    {
        var overCosine = new LinearWarmup(new CosineAnnealingDecay(0.1, 90), 10, 0.0, 0.1);
        var overStep = new LinearWarmup(new StepDecay(5.0, 2), 10, 0.0, 0.1);

        for (var e = 0L; e < 10; e++)
        {
            overCosine.At(e).ShouldBe(overStep.At(e));
        }
    }

    [Fact]
    public void At_OverOneCycleLR_RefusesPastTheInnersEnd()
    {
        // Paddle raises once the inner epoch passes total_steps; the inner's own extrapolation at total_steps stays.
        var inner = new OneCycleLR(0.1, totalSteps: 20, annealStrategy: AnnealStrategy.Linear);
        var schedule = new LinearWarmup(inner, warmupSteps: 5, startLr: 0.0, endLr: 0.004);

        schedule.At(5).ShouldBe(inner.At(0));
        Tolerance.ShouldMatch(schedule.At(5), 0.1 / 25.0);
        Tolerance.ShouldMatch(schedule.At(25), ((0.0001 - 0.1) * (15.0 / 14.0)) + 0.1);
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => schedule.At(26));
        ex.ParamName.ShouldBe("step");
        ex.Message.ShouldContain("must be <= total_steps = 20");
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new LinearWarmup(0.1, 5, 0, 0.1).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Create_BadWarmupSteps_IsRefused(long value)
    {
        var shown = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ShouldRefuse(() => new LinearWarmup(0.1, value, 0.0, 0.1), "warmupSteps", shown, "must be an integer > 0");
        ShouldRefuse(() => new LinearWarmup(new StepDecay(0.1, 2), value, 0.0, 0.1), "warmupSteps", shown, "must be an integer > 0");
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.09999999999999999, "0.09999999999999999")]
    [InlineData(0.0, "0.0")]
    public void Create_EndLrNotAboveStartLr_IsRefused(double endLr, string shown)
        => ShouldRefuse(() => new LinearWarmup(0.1, 5, 0.1, endLr), "endLr", shown, "must be > start_lr = 0.1");

    [Fact]
    public void Create_EndLrJustAboveStartLr_IsAccepted()
    {
        var endLr = Math.BitIncrement(0.1);
        var schedule = new LinearWarmup(0.1, 5, 0.1, endLr);

        schedule.At(0).ShouldBe(0.1);
        schedule.EndLr.ShouldBe(endLr);
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadStartLr_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new LinearWarmup(0.1, 5, value, 0.1), "startLr", shown, rule);

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Create_NonFiniteEndLr_IsRefused(double value, string shown)
        => ShouldRefuse(() => new LinearWarmup(0.1, 5, 0.0, value), "endLr", shown, "must be a finite number");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadConstantLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new LinearWarmup(value, 5, 0.0, 0.1), "learningRate", shown, rule);

    [Fact]
    public void Create_NullInner_IsRefused()
        => Should.Throw<ArgumentNullException>(() => new LinearWarmup(null!, 5, 0.0, 0.1)).ParamName.ShouldBe("learningRate");

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new LinearWarmup(0.0, 1, 0.0, 5e-324).At(0).ShouldBe(0.0);
        new LinearWarmup(0.0, 1, 0.0, 5e-324).At(1).ShouldBe(0.0);
        new LinearWarmup(1.0, long.MaxValue, 0.0, 1.0).At(long.MaxValue - 1).ShouldBeLessThan(1.0 + 1e-15);
    }

    // ---- spec ----

    [Theory]
    [InlineData("LinearWarmup(learning_rate=0.5, warmup_steps=10, start_lr=0.0, end_lr=0.5)")]
    [InlineData("LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90, eta_min=0.001), warmup_steps=10, start_lr=0.0, end_lr=0.1)")]
    [InlineData("LinearWarmup(learning_rate=OneCycleLR(max_learning_rate=0.1, total_steps=20, anneal_strategy='linear'), warmup_steps=5, start_lr=0.0, end_lr=0.004)")]
    [InlineData("LinearWarmup(learning_rate=LinearWarmup(learning_rate=0.3, warmup_steps=2, start_lr=0.1, end_lr=0.2), warmup_steps=3, start_lr=0.0, end_lr=0.1)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<LinearWarmup>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var e = 0L; e <= 25; e++)
        {
            fromText.At(e).ShouldBe(schedule.At(e));
            fromJson.At(e).ShouldBe(schedule.At(e));
        }
    }

    [Fact]
    public void Spec_JsonForm_NestsTheInnerAsAnObject()
        => new LinearWarmup(new CosineAnnealingDecay(0.1, 90), 10, 0.0, 0.1).ToJson()
            .ShouldBe("{\"type\":\"LinearWarmup\",\"learning_rate\":{\"type\":\"CosineAnnealingDecay\",\"learning_rate\":0.1,\"T_max\":90},\"warmup_steps\":10,\"start_lr\":0.0,\"end_lr\":0.1}");

    [Theory]
    [InlineData("LinearWarmup(learning_rate=0.5, warmup_steps=10.0, start_lr=0.0, end_lr=0.5)", "warmup_steps", "expected an integer literal")]
    [InlineData("LinearWarmup(learning_rate=0.5, warmup_steps=10, start_lr=0.5, end_lr=0.5)", "end_lr", "end_lr = 0.5 must be > start_lr = 0.5")]
    [InlineData("LinearWarmup(learning_rate=0.5, warmup_steps=0, start_lr=0.0, end_lr=0.5)", "warmup_steps", "warmup_steps = 0 must be an integer > 0")]
    [InlineData("LinearWarmup(learning_rate='0.5', warmup_steps=10, start_lr=0.0, end_lr=0.5)", "learning_rate", "expected a number or a schedule")]
    [InlineData("LinearWarmup(learning_rate=ReduceOnPlateau(learning_rate=0.5), warmup_steps=10, start_lr=0.0, end_lr=0.5)", "learning_rate", "ReduceOnPlateau cannot be wrapped")]
    [InlineData("LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate=0.5, T_max=2.0), warmup_steps=10, start_lr=0.0, end_lr=0.5)", "T_max", "expected an integer literal")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    // ---- scheduler ----

    [Fact]
    public void Scheduler_StepByStep_GivesAt()
    {
        var schedule = new LinearWarmup(new CosineAnnealingDecay(0.1, 20), 5, 0.0, 0.1);
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 60; k++)
        {
            scheduler.Step();
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    [InlineData(4L)]
    [InlineData(5L)]
    [InlineData(40L)]
    public void Scheduler_Resumed_StartsAtTheNextStep(long lastEpoch)
    {
        var schedule = new LinearWarmup(new CosineAnnealingDecay(0.1, 20), 5, 0.0, 0.1);

        var scheduler = schedule.CreateScheduler(lastEpoch: lastEpoch);

        scheduler.LastLR.ShouldBe(schedule.At(lastEpoch + 1));
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(lastEpoch + 2));
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_JumpsOntoTheCurve()
    {
        var schedule = new LinearWarmup(new CosineAnnealingDecay(0.1, 20), 5, 0.0, 0.1);
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(15);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.05);
        scheduler.Step(2);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.04);
    }

    [Fact]
    public void Scheduler_OverOneCycleLR_RefusesToStepPastTheInnersEnd()
    {
        var schedule = new LinearWarmup(new OneCycleLR(0.1, totalSteps: 20), 5, 0.0, 0.004);
        var scheduler = schedule.CreateScheduler(lastEpoch: 24);

        scheduler.LastLR.ShouldBe(schedule.At(25));
        Should.Throw<InvalidOperationException>(() => scheduler.Step());
        scheduler.LastEpoch.ShouldBe(25);
        Should.Throw<ArgumentOutOfRangeException>(() => schedule.CreateScheduler(lastEpoch: 25));
    }

    private static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }
}
