using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class CosineAnnealingDecayTests
{
    [Theory]
    [InlineData(0.5, 10L, 0.0)]
    [InlineData(0.1, 100L, 0.001)]
    [InlineData(0.05, 7L, 0.2)]
    public void At_IsTheClosedForm(double lr, long tMax, double etaMin)
    {
        var schedule = new CosineAnnealingDecay(lr, tMax, etaMin);

        for (var e = 0L; e <= 4 * tMax; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), etaMin + ((lr - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2), $"epoch {e}");
        }
    }

    [Fact]
    public void At_PaddleUnitTestFirstValues()
    {
        // Literal values computed by Paddle's recursion (shared/vectors, cosine_unit_test_recursive_past_tmax).
        var schedule = new CosineAnnealingDecay(0.5, 10);

        schedule.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(schedule.At(1), 0.4877641290737884);
        Tolerance.ShouldMatch(schedule.At(2), 0.45225424859373686);
        Tolerance.ShouldMatch(schedule.At(3), 0.3969463130731183);
        Tolerance.ShouldMatch(schedule.At(5), 0.25);
    }

    [Theory]
    [InlineData(0.5, 1L, 0.0)]
    [InlineData(0.5, 2L, 0.0)]
    [InlineData(0.5, 3L, 0.01)]
    [InlineData(0.5, 10L, 0.0)]
    [InlineData(0.1, 37L, 0.001)]
    [InlineData(0.1, 100L, 0.0)]
    [InlineData(0.05, 12L, 0.7)]
    public void At_StaysWithinToleranceOfPaddlesRecursion(double lr, long tMax, double etaMin)
    {
        // SPEC §14, Paddle's recursive get_lr (what step() uses), written out as the reference, past T_max too.
        var schedule = new CosineAnnealingDecay(lr, tMax, etaMin);
        var last = lr;

        for (var e = 0L; e <= 5 * tMax; e++)
        {
            if (e == 0)
            {
                last = lr;
            }
            else if ((e - 1 - tMax) % (2 * tMax) == 0)
            {
                last += (lr - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2;
            }
            else
            {
                last = ((1 + Math.Cos(Math.PI * e / tMax)) / (1 + Math.Cos(Math.PI * (e - 1) / tMax)) * (last - etaMin)) + etaMin;
            }

            Tolerance.ShouldMatch(schedule.At(e), last, $"epoch {e}");
        }
    }

    [Fact]
    public void At_PastTMax_RisesAgain()
    {
        // No clamp, no restart: a cosine wave of period 2 * T_max.
        var schedule = new CosineAnnealingDecay(0.5, 10, 0.01);

        schedule.At(10).ShouldBe(0.01);
        schedule.At(11).ShouldBeGreaterThan(schedule.At(10));
        Tolerance.ShouldMatch(schedule.At(11), schedule.At(9));
        Tolerance.ShouldMatch(schedule.At(15), 0.01 + ((0.5 - 0.01) / 2));
        Tolerance.ShouldMatch(schedule.At(20), 0.5);
        schedule.At(21).ShouldBeLessThan(schedule.At(20));
        schedule.At(30).ShouldBe(0.01);
        schedule.At(1_000_000_000_000).ShouldBe(0.5, 1e-6, "still on the wave (pi * e loses digits this far out, in Paddle too)");
    }

    [Theory]
    [InlineData(1L, 0.0)]
    [InlineData(3L, 0.001)]
    [InlineData(7L, 0.3)]
    [InlineData(10L, 0.0)]
    [InlineData(100L, 1e-6)]
    [InlineData(12345L, 0.02)]
    [InlineData(1000003L, 0.0001)]
    public void At_TMax_IsExactlyEtaMin(long tMax, double etaMin)
    {
        // cos(pi * T / T) == -1.0 exactly, so the value is eta_min to the bit, at T_max and every odd multiple.
        var schedule = new CosineAnnealingDecay(0.5, tMax, etaMin);

        schedule.At(tMax).ShouldBe(etaMin);
        schedule.At(3 * tMax).ShouldBe(etaMin);
    }

    [Fact]
    public void At_TMaxOne_Alternates()
    {
        var schedule = new CosineAnnealingDecay(0.5, 1);

        for (var e = 0L; e <= 20; e++)
        {
            schedule.At(e).ShouldBe(e % 2 == 0 ? 0.5 : 0.0, $"epoch {e}");
        }

        var withFloor = new CosineAnnealingDecay(0.5, 1, 0.1);
        for (var e = 0L; e <= 20; e++)
        {
            Tolerance.ShouldMatch(withFloor.At(e), e % 2 == 0 ? 0.5 : 0.1, $"epoch {e}");
        }
    }

    [Fact]
    public void At_EtaMinAboveLearningRate_IsAllowedAndRises()
    {
        var schedule = new CosineAnnealingDecay(0.1, 10, 0.5);

        Tolerance.ShouldMatch(schedule.At(0), 0.1);
        for (var e = 1L; e <= 10; e++)
        {
            schedule.At(e).ShouldBeGreaterThan(schedule.At(e - 1));
        }

        schedule.At(10).ShouldBe(0.5);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new CosineAnnealingDecay(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(-0.1, "-0.1", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new CosineAnnealingDecay(value, 10), "learningRate", shown, rule);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Create_BadTMax_IsRefused(long value)
        => ShouldRefuse(() => new CosineAnnealingDecay(0.1, value), "tMax", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Create_NonFiniteEtaMin_IsRefused(double value, string shown)
        => ShouldRefuse(() => new CosineAnnealingDecay(0.1, 10, value), "etaMin", shown, "must be a finite number");

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new CosineAnnealingDecay(0.0, 1).At(0).ShouldBe(0.0);
        new CosineAnnealingDecay(5e-324, 1).At(0).ShouldBe(5e-324);
        new CosineAnnealingDecay(0.1, 1).At(1).ShouldBe(0.0);
        new CosineAnnealingDecay(0.1, long.MaxValue).At(0).ShouldBe(0.1);
    }

    // ---- spec ----

    [Theory]
    [InlineData("CosineAnnealingDecay(learning_rate=0.5, T_max=10)")]
    [InlineData("CosineAnnealingDecay(learning_rate=0.1, T_max=100, eta_min=1e-08)")]
    [InlineData("CosineAnnealingDecay(learning_rate=0.1, T_max=3, eta_min=0.5)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<CosineAnnealingDecay>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var e = 0L; e <= 250; e++)
        {
            fromText.At(e).ShouldBe(schedule.At(e));
            fromJson.At(e).ShouldBe(schedule.At(e));
        }
    }

    [Fact]
    public void Spec_DefaultEtaMin_IsLeftOut()
    {
        new CosineAnnealingDecay(0.5, 10, 0.0).ToString().ShouldBe("CosineAnnealingDecay(learning_rate=0.5, T_max=10)");
        Schedule.Parse("CosineAnnealingDecay(learning_rate=0.5, T_max=10, eta_min=0)").ToString().ShouldBe("CosineAnnealingDecay(learning_rate=0.5, T_max=10)");
    }

    [Theory]
    [InlineData("CosineAnnealingDecay(learning_rate=0.5, T_max=2.0)", "T_max", "expected an integer literal")]
    [InlineData("CosineAnnealingDecay(learning_rate=0.5, T_max=0)", "T_max", "T_max = 0 must be an integer > 0")]
    [InlineData("CosineAnnealingDecay(learning_rate=-1, T_max=10)", "learning_rate", "learning_rate = -1.0 must be >= 0")]
    [InlineData("CosineAnnealingDecay(learning_rate=0.5, T_max=10, eta_min='a')", "eta_min", "expected a number")]
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
        var schedule = new CosineAnnealingDecay(0.5, 10, 0.01);
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 35; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(25L)]
    public void Scheduler_Resumed_EqualsTheUninterruptedRun(long k)
    {
        // Correction (SPEC Policy 2): Paddle's resumed constructor applies the recursion to last_lr = base_lr.
        var schedule = new CosineAnnealingDecay(0.5, 10);
        var resumed = schedule.CreateScheduler(lastEpoch: k);

        var expected = 0.5 * (1 + Math.Cos(Math.PI * (k + 1) / 10)) / 2;
        Tolerance.ShouldMatch(resumed.LastLR, expected);
        if (k == 4)
        {
            var paddle = (1 + Math.Cos(Math.PI * 5 / 10)) / (1 + Math.Cos(Math.PI * 4 / 10)) * 0.5;
            Math.Abs(resumed.LastLR - paddle).ShouldBeGreaterThan(0.01);
        }

        resumed.Step();
        resumed.LastLR.ShouldBe(schedule.At(k + 2));
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_UsesTheClosedForm()
    {
        var schedule = new CosineAnnealingDecay(0.5, 10);
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(15);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.25);
        scheduler.Step(10);
        scheduler.LastLR.ShouldBe(0.0);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(11));
    }

    private static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }

    [Fact]
    public void Constructor_NegativeEtaMin_IsRefused_NeverANegativeRate()
    {
        // Paddle accepts a negative eta_min and then outputs negative learning rates near T_max.
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new CosineAnnealingDecay(0.1, 10, etaMin: -1e-3));

        ex.ParamName.ShouldBe("etaMin");
        ex.Message.ShouldContain("etaMin = -0.001 must be >= 0");
    }
}
