using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class CosineAnnealingWarmRestartsTests
{
    [Theory]
    [InlineData(1L, new long[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(3L, new long[] { 0, 3, 6, 9, 12, 300 })]
    [InlineData(10L, new long[] { 0, 10, 20, 1000 })]
    public void At_TMultOne_RestartsEveryT0(long t0, long[] restarts)
    {
        var schedule = new CosineAnnealingWarmRestarts(0.5, t0);

        foreach (var r in restarts)
        {
            schedule.At(r).ShouldBe(0.5, $"restart at {r}");
        }

        for (var e = 0L; e <= 100; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), Formula(0.5, 0.0, e % t0, t0), $"epoch {e}");
        }
    }

    [Theory]
    [InlineData(1L, 2L, new long[] { 0, 1, 3, 7, 15, 31, 63, 1023 })]
    [InlineData(2L, 2L, new long[] { 0, 2, 6, 14, 30, 62 })]
    [InlineData(1L, 3L, new long[] { 0, 1, 4, 13, 40, 121, 364, 1093 })]
    [InlineData(5L, 3L, new long[] { 0, 5, 20, 65, 200, 605 })]
    public void At_RestartPoints_AreExactForAnyTMult(long t0, long tMult, long[] restarts)
    {
        var schedule = new CosineAnnealingWarmRestarts(0.5, t0, tMult);

        foreach (var r in restarts)
        {
            schedule.At(r).ShouldBe(0.5, $"restart at {r}");
            if (r > 0 && Array.IndexOf(restarts, r - 1) < 0)
            {
                schedule.At(r - 1).ShouldBeLessThan(0.5, $"the epoch before the restart at {r}");
            }
        }
    }

    [Fact]
    public void At_LogTruncationTrap_Epoch121IsARestart()
    {
        // SPEC §18: Paddle/torch compute n = int(log(121 / 1 * (3 - 1) + 1, 3)) = int(4.999999999999999) = 4 and land
        // on T_cur = T_i = 81, i.e. eta_min. The cycles are 1, 3, 9, 27, 81, 243: 1+3+9+27+81 = 121 is a restart.
        var schedule = new CosineAnnealingWarmRestarts(0.5, t0: 1, tMult: 3, etaMin: 0.01);

        Math.Log((121.0 / 1 * (3 - 1)) + 1, 3).ShouldBeLessThan(5.0);
        Tolerance.ShouldMatch(schedule.At(121), 0.5);
        Tolerance.ShouldMatch(schedule.At(120), Formula(0.5, 0.01, 80, 81));
        Tolerance.ShouldMatch(schedule.At(122), Formula(0.5, 0.01, 1, 243));
        Tolerance.ShouldMatch(schedule.At(363), Formula(0.5, 0.01, 242, 243));
        Tolerance.ShouldMatch(schedule.At(364), 0.5);
    }

    [Theory]
    [InlineData(1L, 1L)]
    [InlineData(3L, 1L)]
    [InlineData(1L, 2L)]
    [InlineData(2L, 2L)]
    [InlineData(1L, 3L)]
    [InlineData(3L, 2L)]
    [InlineData(4L, 5L)]
    public void At_EqualsPaddlesImplicitStepping(long t0, long tMult)
    {
        // SPEC §18 step(): T_cur += 1; if T_cur >= T_i: T_cur -= T_i, T_i *= T_mult. From a fresh start.
        var schedule = new CosineAnnealingWarmRestarts(0.3, t0, tMult, etaMin: 0.001);
        long tCur = 0;
        var tI = t0;

        for (var e = 0L; e <= 2000; e++)
        {
            if (e > 0)
            {
                tCur++;
                if (tCur >= tI)
                {
                    tCur -= tI;
                    tI *= tMult;
                }
            }

            Tolerance.ShouldMatch(schedule.At(e), 0.001 + ((0.3 - 0.001) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2), $"epoch {e}");
        }
    }

    [Fact]
    public void At_FirstValues_WithinACycle()
    {
        var schedule = new CosineAnnealingWarmRestarts(0.5, t0: 2, tMult: 2);
        double[] expected = [0.5, 0.25, 0.5, 0.42677669529663687, 0.25, 0.07322330470336313, 0.5, 0.4809698831278217];

        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), expected[e], $"epoch {e}");
        }
    }

    [Fact]
    public void At_EtaMinAboveLearningRate_RisesWithinEachCycle()
    {
        var schedule = new CosineAnnealingWarmRestarts(0.1, t0: 4, etaMin: 0.5);

        schedule.At(0).ShouldBe(0.1, 1e-15);
        schedule.At(2).ShouldBeGreaterThan(schedule.At(1));
        Tolerance.ShouldMatch(schedule.At(2), Formula(0.1, 0.5, 2, 4));
        schedule.At(4).ShouldBe(0.1, 1e-15);
    }

    [Fact]
    public void At_HugeEpochs_DoNotOverflow()
    {
        // T_0 = 1, T_mult = 2: restarts at 2^k - 1, and long.MaxValue = 2^63 - 1 is one of them.
        var doubling = new CosineAnnealingWarmRestarts(0.5, 1, 2);
        doubling.At((1L << 62) - 1).ShouldBe(0.5);
        doubling.At(long.MaxValue).ShouldBe(0.5);
        Tolerance.ShouldMatch(doubling.At((1L << 62) - 2), Formula(0.5, 0.0, (1L << 61) - 1, 1L << 61));
        Tolerance.ShouldMatch(doubling.At(long.MaxValue - 1), Formula(0.5, 0.0, (1L << 62) - 1, 1L << 62));

        // Cycles that outgrow a long: the step lies in the first cycle that does.
        var huge = new CosineAnnealingWarmRestarts(0.5, 2, long.MaxValue);
        huge.At(1).ShouldBe(Formula(0.5, 0.0, 1, 2));
        huge.At(2).ShouldBe(0.5);
        double.IsFinite(huge.At(long.MaxValue)).ShouldBeTrue();
        var big = new CosineAnnealingWarmRestarts(0.5, long.MaxValue, 3);
        big.At(long.MaxValue - 1).ShouldBeGreaterThanOrEqualTo(0.0);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Create_BadT0_IsRefused(long value)
        => ShouldRefuse(() => new CosineAnnealingWarmRestarts(0.1, value), "t0", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Theory]
    [InlineData(0L)]
    [InlineData(-2L)]
    public void Create_BadTMult_IsRefused(long value)
        => ShouldRefuse(() => new CosineAnnealingWarmRestarts(0.1, 5, value), "tMult", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer >= 1");

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Create_NonFiniteReals_AreRefused(double value, string shown)
    {
        ShouldRefuse(() => new CosineAnnealingWarmRestarts(value, 5), "learningRate", shown, "must be a finite number");
        ShouldRefuse(() => new CosineAnnealingWarmRestarts(0.1, 5, etaMin: value), "etaMin", shown, "must be a finite number");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324")]
    [InlineData(-0.1, "-0.1")]
    public void Create_NegativeLearningRate_IsRefused(double value, string shown)
        => ShouldRefuse(() => new CosineAnnealingWarmRestarts(value, 5), "learningRate", shown, "must be >= 0");

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new CosineAnnealingWarmRestarts(0.0, 1).At(3).ShouldBe(0.0);
        new CosineAnnealingWarmRestarts(0.1, 1, 1).At(3).ShouldBe(0.1);
        new CosineAnnealingWarmRestarts(0.1, long.MaxValue, long.MaxValue).At(long.MaxValue - 1).ShouldBeGreaterThanOrEqualTo(0.0);
    }

    // ---- spec ----

    [Fact]
    public void ToString_LeavesOutDefaults()
    {
        new CosineAnnealingWarmRestarts(0.5, 10).ToString().ShouldBe("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=10)");
        new CosineAnnealingWarmRestarts(0.5, 10, 2, 1e-5).ToString().ShouldBe("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=10, T_mult=2, eta_min=1e-05)");
    }

    [Theory]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=10)")]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=1, T_mult=3, eta_min=0.01)")]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=7, eta_min=0.2)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<CosineAnnealingWarmRestarts>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var e = 0L; e <= 200; e++)
        {
            fromText.At(e).ShouldBe(schedule.At(e));
            fromJson.At(e).ShouldBe(schedule.At(e));
        }
    }

    [Theory]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=2.0)", "T_0", "expected an integer literal")]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=2, T_mult=2.0)", "T_mult", "expected an integer literal")]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=0)", "T_0", "T_0 = 0 must be an integer > 0")]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.5, T_0=2, T_mult=0)", "T_mult", "T_mult = 0 must be an integer >= 1")]
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
        var schedule = new CosineAnnealingWarmRestarts(0.5, 3, 2, 0.01);
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 200; k++)
        {
            scheduler.Step();
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    [InlineData(3L)]
    [InlineData(4L)]
    [InlineData(8L)]
    [InlineData(20L)]
    [InlineData(119L)]
    [InlineData(120L)]
    public void Scheduler_ResumedAfterK_EqualsTheUninterruptedRun(long k)
    {
        // Correction (SPEC Policy 2): Paddle restarts T_cur at k and wraps once, so a resumed run can leave its cycle.
        var schedule = new CosineAnnealingWarmRestarts(0.5, 3, 2, 0.01);
        var uninterrupted = schedule.CreateScheduler();
        for (var e = 1; e <= k; e++)
        {
            uninterrupted.Step();
        }

        var resumed = schedule.CreateScheduler(lastEpoch: k);
        uninterrupted.Step();
        resumed.LastLR.ShouldBe(uninterrupted.LastLR);
        for (var e = 0; e < 100; e++)
        {
            uninterrupted.Step();
            resumed.Step();
            resumed.LastEpoch.ShouldBe(uninterrupted.LastEpoch);
            resumed.LastLR.ShouldBe(uninterrupted.LastLR);
        }
    }

    [Fact]
    public void Scheduler_SavedAndRestored_KeepsTheCyclePosition()
    {
        // SPEC §18's example: T_0=3, T_mult=2, saved after 4 steps. Paddle's restored object diverges; ours does not.
        var schedule = new CosineAnnealingWarmRestarts(1.0, 3, 2);
        var original = schedule.CreateScheduler();
        for (var e = 0; e < 4; e++)
        {
            original.Step();
        }

        var restored = LRScheduler.Restore(original.SaveState());
        for (var e = 0; e < 30; e++)
        {
            original.Step();
            restored.Step();
            restored.LastLR.ShouldBe(original.LastLR);
        }

        // Epoch 5 is T_cur 2 of a cycle of 6 (0.75; Paddle's restored object: T_cur 1 of 3, also 0.75 by coincidence);
        // epoch 6 is T_cur 3 of 6 (0.5; Paddle's restored object: 2 of 3, 0.25).
        Tolerance.ShouldMatch(schedule.At(5), Formula(1.0, 0.0, 2, 6));
        Tolerance.ShouldMatch(schedule.At(5), 0.75);
        Tolerance.ShouldMatch(schedule.At(6), 0.5);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCycle()
    {
        var schedule = new CosineAnnealingWarmRestarts(0.5, 1, 3);
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(121);
        scheduler.LastLR.ShouldBe(0.5);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(122));
        scheduler.Step(40);
        scheduler.LastLR.ShouldBe(0.5);
    }

    private static double Formula(double lr, double etaMin, long tCur, long tI)
        => etaMin + ((lr - etaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2);

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
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(0.1, 10, etaMin: -1e-3));

        ex.ParamName.ShouldBe("etaMin");
        ex.Message.ShouldContain("etaMin = -0.001 must be >= 0");
    }
}
