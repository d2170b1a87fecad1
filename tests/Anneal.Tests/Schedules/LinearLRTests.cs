using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class LinearLRTests
{
    [Fact]
    public void At_DefaultFactors_RiseFromAThirdToTheBase()
    {
        var schedule = new LinearLR(0.5, totalSteps: 5);

        for (var e = 0; e <= 8; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), 0.5 * ((1.0 / 3) + ((1.0 - (1.0 / 3)) * Math.Min(5, e) / 5)), $"epoch {e}");
        }

        schedule.At(5).ShouldBe(0.5);
    }

    [Fact]
    public void At_EpochZero_IsBaseTimesStartFactorExactly()
    {
        new LinearLR(0.2, 40, 0.5).At(0).ShouldBe(0.2 * 0.5);
        new LinearLR(0.2, 5, 0.2, 0.5).At(0).ShouldBe(0.2 * 0.2);
        new LinearLR(0.7, 5).At(0).ShouldBe(0.7 * (1.0 / 3));
    }

    [Fact]
    public void At_PaddleUnitTestFirstValues()
    {
        // Literal values computed by Paddle's recursion (shared/vectors, linear_lr_unit_test_a and _b).
        var a = new LinearLR(0.2, 40, 0.5, 1);
        Tolerance.ShouldMatch(a.At(1), 0.1025);
        Tolerance.ShouldMatch(a.At(3), 0.10749999999999998);
        var b = new LinearLR(0.2, 5, 0.2, 0.5);
        Tolerance.ShouldMatch(b.At(1), 0.05200000000000001);
        Tolerance.ShouldMatch(b.At(5), 0.10000000000000002);
        Tolerance.ShouldMatch(b.At(9), 0.10000000000000002);
    }

    [Theory]
    [InlineData(0.2, 40L, 0.5, 1.0)]
    [InlineData(0.2, 5L, 0.2, 0.5)]
    [InlineData(0.5, 5L, 1.0 / 3, 1.0)]
    [InlineData(1.0, 1L, 0.1, 1.0)]
    [InlineData(0.1, 1000L, 1.0, 0.25)]
    [InlineData(0.1, 333L, 0.001, 0.0)]
    [InlineData(3.0, 97L, 0.75, 0.75)]
    [InlineData(0.05, 10000L, 1e-6, 1.0)]
    public void At_SequentialSteps_StayWithinToleranceOfPaddlesRecursion(double lr, long total, double start, double end)
    {
        // SPEC §17, Paddle's recursive get_lr, written out as the reference.
        var schedule = new LinearLR(lr, total, start, end);
        var last = 0.0;

        for (var e = 0L; e <= total + 20; e++)
        {
            if (e == 0)
            {
                last = lr * start;
            }
            else if (e <= total)
            {
                last *= 1.0 + ((end - start) / ((total * start) + ((e - 1) * (end - start))));
            }

            Tolerance.ShouldMatch(schedule.At(e), last, $"epoch {e}");
        }
    }

    [Fact]
    public void At_FromTotalSteps_HoldsTheEndFactor()
    {
        var schedule = new LinearLR(0.4, 10, 0.5, 0.25);
        var end = 0.4 * (0.5 + ((0.25 - 0.5) * 10 / 10));

        schedule.At(10).ShouldBe(end);
        schedule.At(11).ShouldBe(end);
        schedule.At(1_000_000_000_000).ShouldBe(end);
        schedule.At(long.MaxValue).ShouldBe(end);
        Tolerance.ShouldMatch(end, 0.1);
    }

    [Fact]
    public void At_DecreasingFactors_AreALinearDecay()
    {
        var schedule = new LinearLR(1.0, 4, 1.0, 0.25);
        double[] expected = [1.0, 0.8125, 0.625, 0.4375, 0.25, 0.25];

        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), expected[e], $"epoch {e}");
        }
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new LinearLR(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1.0000000000000002, "1.0000000000000002")]
    public void Create_StartFactorOutsideZeroToOne_IsRefused(double value, string shown)
        => ShouldRefuse(() => new LinearLR(0.1, 5, value), "startFactor", shown, "must be in (0.0, 1.0]");

    [Theory]
    [InlineData(-5e-324, "-5e-324")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1.0000000000000002, "1.0000000000000002")]
    public void Create_EndFactorOutsideZeroOne_IsRefused(double value, string shown)
        => ShouldRefuse(() => new LinearLR(0.1, 5, 0.5, value), "endFactor", shown, "must be in [0.0, 1.0]");

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Create_NonFiniteReals_AreRefused(double value, string shown)
    {
        ShouldRefuse(() => new LinearLR(value, 5), "learningRate", shown, "must be a finite number");
        ShouldRefuse(() => new LinearLR(0.1, 5, value), "startFactor", shown, "must be a finite number");
        ShouldRefuse(() => new LinearLR(0.1, 5, 0.5, value), "endFactor", shown, "must be a finite number");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324")]
    [InlineData(-1.0, "-1.0")]
    public void Create_NegativeLearningRate_IsRefused(double value, string shown)
        => ShouldRefuse(() => new LinearLR(value, 5), "learningRate", shown, "must be >= 0");

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public void Create_BadTotalSteps_IsRefused(long value)
        => ShouldRefuse(() => new LinearLR(0.1, value), "totalSteps", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new LinearLR(0.0, 1).At(0).ShouldBe(0.0);
        new LinearLR(1.0, 1, 5e-324).At(0).ShouldBe(5e-324);
        new LinearLR(1.0, 1, 1.0).At(0).ShouldBe(1.0);
        new LinearLR(1.0, 1, 1.0, 0.0).At(1).ShouldBe(0.0);
        new LinearLR(1.0, 1, 0.5, 1.0).At(1).ShouldBe(1.0);
        new LinearLR(1.0, 1, 0.5, 5e-324).At(1).ShouldBe(5e-324); // from total_steps on: exactly end_factor
    }

    // ---- spec ----

    [Fact]
    public void ToString_LeavesOutDefaults_IncludingTheThird()
    {
        new LinearLR(0.5, 5).ToString().ShouldBe("LinearLR(learning_rate=0.5, total_steps=5)");
        new LinearLR(0.5, 5, 0.25, 0.75).ToString().ShouldBe("LinearLR(learning_rate=0.5, total_steps=5, start_factor=0.25, end_factor=0.75)");
        Schedule.Parse("LinearLR(learning_rate=0.5, total_steps=5, start_factor=0.3333333333333333)").ToString()
            .ShouldBe("LinearLR(learning_rate=0.5, total_steps=5)");
        Schedule.Parse("LinearLR(learning_rate=0.5, total_steps=5)").ShouldBeOfType<LinearLR>().StartFactor.ShouldBe(1.0 / 3);
    }

    [Theory]
    [InlineData("LinearLR(learning_rate=0.5, total_steps=5)")]
    [InlineData("LinearLR(learning_rate=0.2, total_steps=40, start_factor=0.5)")]
    [InlineData("LinearLR(learning_rate=0.1, total_steps=1000, start_factor=1.0, end_factor=0.25)")]
    [InlineData("LinearLR(learning_rate=1e-05, total_steps=3, start_factor=1e-06, end_factor=0.0)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<LinearLR>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var e = 0L; e <= 50; e++)
        {
            fromText.At(e).ShouldBe(schedule.At(e));
            fromJson.At(e).ShouldBe(schedule.At(e));
        }
    }

    [Theory]
    [InlineData("LinearLR(learning_rate=0.5, total_steps=2.0)", "total_steps", "expected an integer literal")]
    [InlineData("LinearLR(learning_rate=0.5, total_steps=5, start_factor=0)", "start_factor", "start_factor = 0.0 must be in (0.0, 1.0]")]
    [InlineData("LinearLR(learning_rate=0.5, total_steps=5, end_factor=1.5)", "end_factor", "end_factor = 1.5 must be in [0.0, 1.0]")]
    [InlineData("LinearLR(learning_rate=0.5, total_steps=0)", "total_steps", "total_steps = 0 must be an integer > 0")]
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
        var schedule = new LinearLR(0.2, 40, 0.5);
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 45; k++)
        {
            scheduler.Step();
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    [InlineData(39L)]
    [InlineData(40L)]
    public void Scheduler_Resumed_StartsAtTheNextStep_OnTheLine(long lastEpoch)
    {
        var schedule = new LinearLR(0.2, 40, 0.5);

        var scheduler = schedule.CreateScheduler(lastEpoch: lastEpoch);

        var e = lastEpoch + 1;
        scheduler.LastLR.ShouldBe(schedule.At(e));
        Tolerance.ShouldMatch(scheduler.LastLR, 0.2 * (0.5 + (0.5 * Math.Min(e, 40) / 40)));
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheLine_NotWherePaddlesRecursionJumps()
    {
        // Correction (SPEC Policy 2): Paddle's step(20) right after construction multiplies lr(0) by the one-step
        // ratio of epoch 20, which is not on the line. Anneal gives the line's value.
        var schedule = new LinearLR(0.2, 40, 0.5);
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(20);

        var onTheLine = 0.2 * (0.5 + (0.5 * 20 / 40));
        var paddle = 0.2 * 0.5 * (1.0 + (0.5 / ((40 * 0.5) + (19 * 0.5))));
        Tolerance.ShouldMatch(scheduler.LastLR, onTheLine);
        Math.Abs(scheduler.LastLR - paddle).ShouldBeGreaterThan(0.01);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(21));
        scheduler.Step(0);
        scheduler.LastLR.ShouldBe(0.2 * 0.5);
    }

    private static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }

    [Fact]
    public void At_FromTotalSteps_IsExactlyTheEndFactor_NeverATinyNegative()
    {
        // (end - start) * T / T can round below -start; for end_factor = 0 that would be a negative rate.
        var s = new LinearLR(2.0, 94, startFactor: 1.0 / 9, endFactor: 0.0);

        s.At(94).ShouldBe(0.0);
        s.At(1000).ShouldBe(0.0);
        Enumerable.Range(0, 94).ShouldAllBe(e => s.At(e) >= 0);
    }
}
