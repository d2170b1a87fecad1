using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class CyclicLRTests
{
    [Fact]
    public void At_PyTorchTriangular2Example()
    {
        // torch's unit test: base 1, max 5, step_size_up 4; the amplitude halves every cycle.
        var schedule = new CyclicLR(1, 5, stepSizeUp: 4, mode: CyclicMode.Triangular2);
        double[] expected = [1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5, 3, 2.5, 2, 1.5, 1, 1.25, 1.5, 1.75, 2, 1.75, 1.5, 1.25, 1, 1.125];

        for (var i = 0; i < expected.Length; i++)
        {
            Tolerance.ShouldMatch(schedule.At(i), expected[i], $"step {i}");
        }
    }

    [Fact]
    public void At_Triangular_PaddleUnitTestFirstValues()
    {
        // Literal values computed by Paddle (shared/vectors, cyclic_unit_test_triangular).
        var schedule = new CyclicLR(0.5, 1.0, stepSizeUp: 15, stepSizeDown: 5);

        Tolerance.ShouldMatch(schedule.At(0), 0.5);
        Tolerance.ShouldMatch(schedule.At(1), 0.5333333333333333);
        Tolerance.ShouldMatch(schedule.At(2), 0.5666666666666668);
        Tolerance.ShouldMatch(schedule.At(3), 0.6);
    }

    [Theory]
    [InlineData(0.5, 1.0, 15L, 5L, CyclicMode.Triangular, 1.0)]
    [InlineData(0.5, 1.0, 15L, 5L, CyclicMode.Triangular2, 1.0)]
    [InlineData(0.5, 1.0, 15L, 5L, CyclicMode.ExpRange, 0.8)]
    [InlineData(0.001, 0.006, 3L, 4L, CyclicMode.Triangular, 1.0)]
    [InlineData(0.001, 0.006, 3L, 4L, CyclicMode.Triangular2, 1.0)]
    [InlineData(0.001, 0.006, 7L, null, CyclicMode.ExpRange, 0.99994)]
    [InlineData(0.1, 0.1, 2L, null, CyclicMode.Triangular, 1.0)]
    [InlineData(1.0, 0.25, 1L, 1L, CyclicMode.Triangular, 1.0)]
    [InlineData(0.0, 2.0, 1L, 9L, CyclicMode.ExpRange, 1.001)]
    public void At_EveryStep_FollowsTheSpecFormula(double baseLr, double maxLr, long up, long? down, CyclicMode mode, double gamma)
    {
        var schedule = new CyclicLR(baseLr, maxLr, up, down, mode, gamma);

        for (var i = 0L; i <= 300; i++)
        {
            Tolerance.ShouldMatch(schedule.At(i), Reference(baseLr, maxLr, up, down, mode, gamma, null, CyclicScaleMode.Cycle, i), $"step {i}");
        }
    }

    [Fact]
    public void At_ExpRange_ScalesByTheGlobalStepNotTheCycle()
    {
        // Step 35 is the peak of cycle 2 (cycle size 20, up 15): the amplitude is scaled by 0.8 ** 35.
        var schedule = new CyclicLR(0.5, 1.0, stepSizeUp: 15, stepSizeDown: 5, mode: CyclicMode.ExpRange, expGamma: 0.8);

        Tolerance.ShouldMatch(schedule.At(1), 0.5266666666666667);
        Tolerance.ShouldMatch(schedule.At(2), 0.5426666666666667);
        Tolerance.ShouldMatch(schedule.At(35), 0.5 + (0.5 * Math.Pow(0.8, 35)));
        Math.Abs(schedule.At(35) - (0.5 + (0.5 * Math.Pow(0.8, 2)))).ShouldBeGreaterThan(0.1, "not on the cycle number");
    }

    [Fact]
    public void At_ExpRange_IgnoresScaleMode()
    {
        // Without scale_fn the built-in mode sets the scale mode (Paddle overrides the user's).
        var onCycle = new CyclicLR(0.5, 1.0, 15, 5, CyclicMode.ExpRange, 0.8, scaleMode: CyclicScaleMode.Cycle);
        var onIterations = new CyclicLR(0.5, 1.0, 15, 5, CyclicMode.ExpRange, 0.8, scaleMode: CyclicScaleMode.Iterations);
        var triangular2 = new CyclicLR(1, 5, 4, mode: CyclicMode.Triangular2, scaleMode: CyclicScaleMode.Iterations);

        for (var i = 0L; i <= 60; i++)
        {
            onCycle.At(i).ShouldBe(onIterations.At(i));
        }

        Tolerance.ShouldMatch(triangular2.At(12), 3.0);
    }

    [Fact]
    public void At_ScaleFn_OnTheCycleOrOnIterations()
    {
        var onCycle = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "0.95 ** x");
        var onIterations = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "0.95 ** x", scaleMode: CyclicScaleMode.Iterations);

        // Step 35: cycle 2 at its peak.
        Tolerance.ShouldMatch(onCycle.At(35), 0.5 + (0.5 * Math.Pow(0.95, 2)));
        Tolerance.ShouldMatch(onIterations.At(35), 0.5 + (0.5 * Math.Pow(0.95, 35)));
        for (var i = 0L; i <= 100; i++)
        {
            Tolerance.ShouldMatch(onCycle.At(i), Reference(0.5, 1.0, 15, 5, CyclicMode.Triangular, 1.0, x => Math.Pow(0.95, x), CyclicScaleMode.Cycle, i), $"cycle, step {i}");
            Tolerance.ShouldMatch(onIterations.At(i), Reference(0.5, 1.0, 15, 5, CyclicMode.Triangular, 1.0, x => Math.Pow(0.95, x), CyclicScaleMode.Iterations, i), $"iterations, step {i}");
        }
    }

    [Fact]
    public void At_ScaleFn_ReplacesTheMode()
    {
        // mode is ignored when scale_fn is given (Paddle's unit test passes mode='exp_range' with a scale_fn).
        var constant = new CyclicLR(0.5, 1.0, 15, 5, CyclicMode.ExpRange, 0.5, scaleFn: "0.95", scaleMode: CyclicScaleMode.Iterations);

        Tolerance.ShouldMatch(constant.At(1), 0.5316666666666667);
        Tolerance.ShouldMatch(constant.At(15), 0.5 + (0.5 * 0.95));
        Tolerance.ShouldMatch(constant.At(55), 0.5 + (0.5 * 0.95));
    }

    [Fact]
    public void At_MaxBelowBase_DipsBelowTheBase()
    {
        var schedule = new CyclicLR(1.0, 0.5, stepSizeUp: 2);
        double[] expected = [1.0, 0.75, 0.5, 0.75, 1.0, 0.75, 0.5];

        for (var i = 0; i < expected.Length; i++)
        {
            Tolerance.ShouldMatch(schedule.At(i), expected[i], $"step {i}");
        }
    }

    [Fact]
    public void At_StepSizeDownDefaultsToStepSizeUp()
    {
        var implicitDown = new CyclicLR(0.1, 0.4, 6);
        var explicitDown = new CyclicLR(0.1, 0.4, 6, 6);

        for (var i = 0L; i <= 50; i++)
        {
            implicitDown.At(i).ShouldBe(explicitDown.At(i));
        }
    }

    [Fact]
    public void At_FarSteps_StayOnTheWave()
    {
        var schedule = new CyclicLR(0.5, 1.0, 15, 5);
        const long cycles = 1_000_000_000_000;

        schedule.At(20 * cycles).ShouldBe(0.5);
        schedule.At((20 * cycles) + 15).ShouldBe(1.0);

        // Between the turning points Paddle's i / cycle_size loses digits at this size (ulp ~1e-4); so do we, identically.
        Tolerance.ShouldMatch(schedule.At((20 * cycles) + 3), Reference(0.5, 1.0, 15, 5, CyclicMode.Triangular, 1.0, null, CyclicScaleMode.Cycle, (20 * cycles) + 3));
        double.IsFinite(schedule.At(long.MaxValue)).ShouldBeTrue();
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new CyclicLR(0.1, 0.4, 6).At(-1)).ParamName.ShouldBe("step");

    [Fact]
    public void At_ScaleFnFailingLater_Throws()
    {
        var divides = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "1 / (x - 2)");
        Tolerance.ShouldMatch(divides.At(19), 0.5 + (0.5 * (1.0 / 5.0) * (1 / (1.0 - 2))));
        Should.Throw<DivideByZeroException>(() => divides.At(20));

        var overflows = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "10.0 ** (x * 100)", scaleMode: CyclicScaleMode.Iterations);
        Should.Throw<ArithmeticException>(() => overflows.At(4));
    }

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadBaseLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new CyclicLR(value, 1.0, 10), "baseLearningRate", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadMaxLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new CyclicLR(0.1, value, 10), "maxLearningRate", shown, rule);

    [Fact]
    public void Create_ZeroRates_AreAccepted()
    {
        new CyclicLR(0.0, 0.0, 1).At(7).ShouldBe(0.0);
        new CyclicLR(0.0, 1.0, 1).At(1).ShouldBe(1.0);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Create_BadStepSizeUp_IsRefused(long value)
        => ShouldRefuse(() => new CyclicLR(0.1, 1.0, value), "stepSizeUp", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public void Create_BadStepSizeDown_IsRefused(long value)
        => ShouldRefuse(() => new CyclicLR(0.1, 1.0, 4, value), "stepSizeDown", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Fact]
    public void Create_StepSizesOfOne_AreAccepted()
    {
        var schedule = new CyclicLR(0.0, 1.0, 1, 1);

        schedule.At(0).ShouldBe(0.0);
        schedule.At(1).ShouldBe(1.0);
        schedule.At(2).ShouldBe(0.0);
    }

    [Theory]
    [InlineData(0.0, "0.0", "must be > 0")]
    [InlineData(-0.5, "-0.5", "must be > 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadExpGamma_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new CyclicLR(0.1, 1.0, 4, mode: CyclicMode.ExpRange, expGamma: value), "expGamma", shown, rule);

    [Fact]
    public void Create_TinyExpGamma_IsAccepted()
    {
        var schedule = new CyclicLR(0.1, 1.0, 4, mode: CyclicMode.ExpRange, expGamma: 5e-324);

        schedule.At(0).ShouldBe(0.1);
        schedule.At(4).ShouldBe(0.1);
    }

    [Fact]
    public void Create_UndefinedEnums_AreRefused()
    {
        ShouldRefuse(() => new CyclicLR(0.1, 1.0, 4, mode: (CyclicMode)3), "mode", "3", "must be Triangular, Triangular2 or ExpRange");
        ShouldRefuse(() => new CyclicLR(0.1, 1.0, 4, scaleMode: (CyclicScaleMode)2), "scaleMode", "2", "must be Cycle or Iterations");
    }

    [Theory]
    [InlineData("0.95 **")]
    [InlineData("0.95 ** epoch")]
    [InlineData("")]
    public void Create_ScaleFnThatDoesNotParse_IsRefused(string text)
    {
        var ex = Should.Throw<ArgumentException>(() => new CyclicLR(0.1, 1.0, 4, scaleFn: text));

        ex.ParamName.ShouldBe("scaleFn");
        ex.Message.ShouldContain($"scaleFn = '{text}'");
        ex.Message.ShouldContain("is not a valid Python expression in 'x'");
    }

    [Theory]
    [InlineData("1 / (x - 1)", CyclicScaleMode.Cycle, "fails at x = 1")]
    [InlineData("1 / x", CyclicScaleMode.Iterations, "fails at x = 0")]
    [InlineData("log(x)", CyclicScaleMode.Iterations, "fails at x = 0")]
    public void Create_ScaleFnFailingAtStepZero_IsRefusedAtConstruction(string text, CyclicScaleMode scaleMode, string fragment)
    {
        // Paddle evaluates scale_fn in its constructor (step 0: cycle 1.0, iteration 0).
        var ex = Should.Throw<ArgumentException>(() => new CyclicLR(0.1, 1.0, 4, scaleFn: text, scaleMode: scaleMode));

        ex.ParamName.ShouldBe("scaleFn");
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void ScaleFn_KeepsTheTextAsGiven()
    {
        new CyclicLR(0.1, 1.0, 4, scaleFn: "  lambda x: 0.5 ** x ").ScaleFn.ShouldBe("lambda x: 0.5 ** x");
        new CyclicLR(0.1, 1.0, 4).ScaleFn.ShouldBeNull();
    }

    // ---- spec ----

    [Fact]
    public void ToString_LeavesOutDefaults()
    {
        new CyclicLR(0.5, 1.0, 15).ToString().ShouldBe("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15)");
        new CyclicLR(0.5, 1, 15, 5, CyclicMode.ExpRange, 0.8, "0.95 ** x", CyclicScaleMode.Iterations).ToString()
            .ShouldBe("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, step_size_down=5, mode='exp_range', exp_gamma=0.8, scale_fn='0.95 ** x', scale_mode='iterations')");
    }

    [Theory]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15)")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, step_size_down=5, mode='triangular2')")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, step_size_down=5, mode='exp_range', exp_gamma=0.8)")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, step_size_down=5, mode='exp_range', scale_fn='0.95 ** x')")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, scale_fn='lambda x: 1 / (2.0 ** (x - 1))', scale_mode='iterations')")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<CyclicLR>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var i = 0L; i <= 100; i++)
        {
            fromText.At(i).ShouldBe(schedule.At(i));
            fromJson.At(i).ShouldBe(schedule.At(i));
        }
    }

    [Fact]
    public void Spec_JsonForm_WritesTheExpressionAsAString()
        => new CyclicLR(0.5, 1.0, 15, scaleFn: "0.95 ** x").ToJson()
            .ShouldBe("{\"type\":\"CyclicLR\",\"base_learning_rate\":0.5,\"max_learning_rate\":1.0,\"step_size_up\":15,\"scale_fn\":\"0.95 ** x\"}");

    [Fact]
    public void Spec_NoneForOptionalParameters_MeansTheDefault()
    {
        var schedule = Schedule.Parse("CyclicLR(base_learning_rate=0.5, max_learning_rate=1, step_size_up=15, step_size_down=None, scale_fn=None, mode='TRIANGULAR2')")
            .ShouldBeOfType<CyclicLR>();

        schedule.StepSizeDown.ShouldBeNull();
        schedule.ScaleFn.ShouldBeNull();
        schedule.Mode.ShouldBe(CyclicMode.Triangular2);
        schedule.ToString().ShouldBe("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, mode='triangular2')");
        Schedule.FromJson("{\"type\":\"CyclicLR\",\"base_learning_rate\":0.5,\"max_learning_rate\":1.0,\"step_size_up\":15,\"step_size_down\":null}")
            .ShouldBe(new CyclicLR(0.5, 1.0, 15));
    }

    [Theory]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2.0)", "step_size_up", "expected an integer literal")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, step_size_down=2.0)", "step_size_down", "expected an integer literal")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, step_size_down=0)", "step_size_down", "step_size_down = 0 must be an integer > 0")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, exp_gamma=0)", "exp_gamma", "exp_gamma = 0.0 must be > 0")]
    [InlineData("CyclicLR(base_learning_rate=-0.5, max_learning_rate=1.0, step_size_up=2)", "base_learning_rate", "base_learning_rate = -0.5 must be >= 0")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, mode='exp')", "mode", "expected one of 'triangular', 'triangular2', 'exp_range'")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, scale_mode='epoch')", "scale_mode", "expected one of 'cycle', 'iterations'")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, scale_fn='0.95 **')", "scale_fn", "does not parse")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, scale_fn='1 / (x - 1)')", "scale_fn", "fails at x = 1")]
    [InlineData("CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=2, scale_fn=0.95)", "scale_fn", "expected a quoted Python expression in 'x'")]
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
        var schedule = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "0.95 ** x");
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 100; k++)
        {
            scheduler.Step();
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(14L)]
    [InlineData(19L)]
    [InlineData(1000L)]
    public void Scheduler_Resumed_StartsAtTheNextStep(long lastEpoch)
    {
        var schedule = new CyclicLR(0.5, 1.0, 15, 5, CyclicMode.ExpRange, 0.99);

        var scheduler = schedule.CreateScheduler(lastEpoch: lastEpoch);

        scheduler.LastLR.ShouldBe(schedule.At(lastEpoch + 1));
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(lastEpoch + 2));
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_JumpsOntoTheCurve_AndStateRestores()
    {
        var schedule = new CyclicLR(0.5, 1.0, 15, 5, scaleFn: "lambda x: 1 / (2.0 ** (x - 1))");
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(35);
        scheduler.LastLR.ShouldBe(schedule.At(35));
        var restored = LRScheduler.Restore(scheduler.SaveState());
        restored.LastEpoch.ShouldBe(35);
        restored.Step();
        restored.LastLR.ShouldBe(schedule.At(36));
    }

    /// <summary>SPEC §16 written out, with integer division for the cycle (equal to Python's float // here).</summary>
    private static double Reference(
        double baseLr, double maxLr, long up, long? down, CyclicMode mode, double gamma, Func<double, double>? scaleFn, CyclicScaleMode scaleMode, long i)
    {
        var upSteps = (double)up;
        var downSteps = (double)(down ?? up);
        var cycleSize = upSteps + downSteps;
        var stepUpPct = upSteps / cycleSize;
        var amplitude = maxLr - baseLr;
        var cycle = 1 + (double)(i / (up + (down ?? up)));
        var pct = 1.0 + (i / cycleSize) - cycle;
        var scaleFactor = pct <= stepUpPct ? pct / stepUpPct : (1 - pct) / (1 - stepUpPct);
        double f;
        if (scaleFn is not null)
        {
            f = scaleFn(scaleMode == CyclicScaleMode.Cycle ? cycle : i);
        }
        else
        {
            f = mode switch
            {
                CyclicMode.Triangular => 1.0,
                CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
                _ => Math.Pow(gamma, i),
            };
        }

        return baseLr + (amplitude * scaleFactor * f);
    }

    private static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }

    [Fact]
    public void At_ExpRangeGrowingPastDoubleRange_IsRefusedNotInfinite()
    {
        var s = new CyclicLR(0.1, 1.0, 5, mode: CyclicMode.ExpRange, expGamma: 2.0);

        Tolerance.ShouldMatch(s.At(3), 0.1 + (0.9 * (3 / 5.0) * Math.Pow(2.0, 3)));
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => s.At(1100));
        ex.ParamName.ShouldBe("step");
        ex.Message.ShouldContain("overflows");
    }

    [Fact]
    public void At_Triangular2_HalvingMatchesPaddlesPowerBitForBit_EvenWhereItUnderflows()
    {
        // Paddle: scale = 1 / (2.0 ** (cycle - 1)); Anneal uses an exact power of two instead of pow.
        var s = new CyclicLR(0.5, 1.0, 1, 1, CyclicMode.Triangular2);
        foreach (var step in new long[] { 0, 1, 2, 3, 101, 2045, 2046, 2047, 2048, 2049, 2050, 5000 })
        {
            var cycle = 1 + Math.Floor(step / 2.0);
            var pct = 1.0 + (step / 2.0) - cycle;
            var height = pct <= 0.5 ? pct / 0.5 : (1 - pct) / (1 - 0.5);
            var expected = 0.5 + ((0.5 * height) * (1 / Math.Pow(2.0, cycle - 1)));
            BitConverter.DoubleToInt64Bits(s.At(step)).ShouldBe(BitConverter.DoubleToInt64Bits(expected), $"step {step}");
        }
    }
}
