using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class OneCycleLRTests
{
    [Fact]
    public void At_PyTorchDocumentedExample_Linear()
    {
        // Given: torch's unit test, with Paddle's absolute end rate = max / div / final_div = 25 / 25 / 2.
        var schedule = new OneCycleLR(25, totalSteps: 10, divideFactor: 25, endLearningRate: 0.5, annealStrategy: AnnealStrategy.Linear);
        double[] expected = [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5];

        // Then
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.At(s), expected[s], $"step {s}");
        }
    }

    [Fact]
    public void At_FirstValue_IsPaddlesQuotientNotTheRoundedRate()
    {
        // SPEC §1: OneCycleLR gives 0.020000000000000004 for 0.1 / 5 at step 0 (the cosine of 0 is applied).
        new OneCycleLR(0.1, totalSteps: 20, divideFactor: 5).At(0).ShouldBe(0.020000000000000004);
    }

    [Theory]
    [InlineData(0.1, 20, 5.0, 0.0001, 0.3, AnnealStrategy.Cos, false)]
    [InlineData(0.5, 20, 10.0, 0.001, 0.4, AnnealStrategy.Linear, false)]
    [InlineData(1.0, 20, 9.0, 0.0001, 0.3, AnnealStrategy.Cos, true)]
    [InlineData(0.3, 20, 25.0, 0.0005, 0.2, AnnealStrategy.Linear, true)]
    [InlineData(0.1, 1000, 25.0, 0.0001, 0.3, AnnealStrategy.Cos, false)]
    [InlineData(0.1, 37, 25.0, 0.0001, 0.27, AnnealStrategy.Cos, true)]
    [InlineData(0.1, 37, 25.0, 0.0001, 0.27, AnnealStrategy.Linear, false)]
    [InlineData(2.0, 1, 25.0, 0.0, 0.3, AnnealStrategy.Cos, false)]
    [InlineData(2.0, 7, 4.0, 0.5, 0.0, AnnealStrategy.Linear, false)]
    [InlineData(2.0, 7, 4.0, 0.5, 0.0, AnnealStrategy.Cos, true)]
    public void At_EveryStepUpToTotalSteps_FollowsTheSpecPhases(
        double max, long total, double divide, double end, double pct, AnnealStrategy strategy, bool threePhase)
    {
        var schedule = new OneCycleLR(max, total, divide, end, pct, strategy, threePhase);

        for (var s = 0L; s <= total; s++)
        {
            Tolerance.ShouldMatch(schedule.At(s), Reference(max, total, divide, end, pct, strategy, threePhase, s), $"step {s}");
        }
    }

    [Fact]
    public void At_PaddleUnitTestVectors_FirstValues()
    {
        // Literal values computed by Paddle (shared/vectors): three-phase cos and three-phase linear.
        var cos3 = new OneCycleLR(1.0, 20, divideFactor: 9, phasePct: 0.3, threePhase: true);
        Tolerance.ShouldMatch(cos3.At(0), 0.11111111111111116);
        Tolerance.ShouldMatch(cos3.At(1), 0.19599244694446782);
        Tolerance.ShouldMatch(cos3.At(2), 0.41821466916669003);
        Tolerance.ShouldMatch(cos3.At(5), 1.0);

        var linear3 = new OneCycleLR(0.3, 20, divideFactor: 25, endLearningRate: 0.0005, phasePct: 0.2, annealStrategy: AnnealStrategy.Linear, threePhase: true);
        Tolerance.ShouldMatch(linear3.At(0), 0.012);
        Tolerance.ShouldMatch(linear3.At(1), 0.10799999999999998);
        Tolerance.ShouldMatch(linear3.At(3), 0.3);
        Tolerance.ShouldMatch(linear3.At(4), 0.20400000000000001);
    }

    [Fact]
    public void At_TotalSteps_Linear_ExtrapolatesBelowZero()
    {
        // SPEC §15: -0.1428... for M=1, m=0, T=10. Phase 2 runs from p*T-1 = 2 to T-1 = 9, so pct(10) = 8/7.
        // Learning rates are never negative elsewhere; Paddle's value is kept because users rely on it.
        var schedule = new OneCycleLR(1.0, totalSteps: 10, endLearningRate: 0.0, annealStrategy: AnnealStrategy.Linear);

        schedule.At(9).ShouldBe(0.0);
        Tolerance.ShouldMatch(schedule.At(10), ((0.0 - 1.0) * (8.0 / 7.0)) + 1.0);
        Tolerance.ShouldMatch(schedule.At(10), -0.1428571428571428);
        schedule.At(10).ShouldBeLessThan(0.0);
    }

    [Fact]
    public void At_TotalSteps_Cos_RisesAgain()
    {
        var schedule = new OneCycleLR(1.0, totalSteps: 10, endLearningRate: 0.0001);
        const double m = 0.0001;

        Tolerance.ShouldMatch(schedule.At(9), m);
        Tolerance.ShouldMatch(schedule.At(10), m + ((1.0 - m) / 2.0 * (Math.Cos(Math.PI * (8.0 / 7.0)) + 1)));
        schedule.At(10).ShouldBeGreaterThan(schedule.At(9));
    }

    [Theory]
    [InlineData(11L)]
    [InlineData(12L)]
    [InlineData(long.MaxValue)]
    public void At_PastTotalSteps_Throws(long step)
    {
        var schedule = new OneCycleLR(1.0, totalSteps: 10);

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => schedule.At(step));

        ex.ParamName.ShouldBe("step");
        ex.Message.ShouldContain(step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Message.ShouldContain("must be <= total_steps = 10");
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new OneCycleLR(1.0, 10).At(-1)).ParamName.ShouldBe("step");

    [Fact]
    public void At_FractionalPhaseEnd_IsComparedAsAFloat()
    {
        // p*T = 2.5: the rise ends at step 1.5, so steps 0 and 1 rise and step 2 already falls.
        var schedule = new OneCycleLR(1.0, totalSteps: 10, divideFactor: 4, endLearningRate: 0.0, phasePct: 0.25, annealStrategy: AnnealStrategy.Linear);

        Tolerance.ShouldMatch(schedule.At(0), 0.25);
        Tolerance.ShouldMatch(schedule.At(1), ((1.0 - 0.25) * (1 / 1.5)) + 0.25);
        Tolerance.ShouldMatch(schedule.At(2), ((0.0 - 1.0) * (0.5 / 7.5)) + 1.0);
        schedule.At(2).ShouldBeLessThan(1.0);
    }

    [Fact]
    public void At_PhasePctZero_SkipsTheRise()
    {
        // p = 0: the rise ends at step -1, so step 0 is already 1/T into the fall and lr(0) < M.
        var schedule = new OneCycleLR(1.0, totalSteps: 10, endLearningRate: 0.0, phasePct: 0.0);

        Tolerance.ShouldMatch(schedule.At(0), 0.0 + ((1.0 - 0.0) / 2.0 * (Math.Cos(Math.PI * (1.0 / 10.0)) + 1)));
        schedule.At(0).ShouldBeLessThan(1.0);
    }

    [Fact]
    public void At_ThreePhase_ComesBackToTheInitialRateBeforeAnnealing()
    {
        // p*T = 5: rise 0..4 (I → M), fall back 4..8 (M → I), anneal 8..19 (I → m).
        var schedule = new OneCycleLR(1.0, totalSteps: 20, divideFactor: 10, endLearningRate: 0.0, phasePct: 0.25, annealStrategy: AnnealStrategy.Linear, threePhase: true);

        Tolerance.ShouldMatch(schedule.At(0), 0.1);
        Tolerance.ShouldMatch(schedule.At(4), 1.0);
        Tolerance.ShouldMatch(schedule.At(6), 0.55);
        Tolerance.ShouldMatch(schedule.At(8), 0.1);
        Tolerance.ShouldMatch(schedule.At(19), 0.0);
        Tolerance.ShouldMatch(schedule.At(20), ((0.0 - 0.1) * (12.0 / 11.0)) + 0.1);
    }

    [Fact]
    public void InitialLearningRate_IsMaxOverDivideFactor()
        => new OneCycleLR(0.1, 10, divideFactor: 5).InitialLearningRate.ShouldBe(0.1 / 5.0);

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(-1.0, "-1.0", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadMaxLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new OneCycleLR(value, 10), "maxLearningRate", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadEndLearningRate_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new OneCycleLR(0.1, 10, endLearningRate: value), "endLearningRate", shown, rule);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Create_BadTotalSteps_IsRefused(long value)
        => ShouldRefuse(() => new OneCycleLR(0.1, value), "totalSteps", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an integer > 0");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be in [0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in [0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_PhasePctOutsideZeroOne_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new OneCycleLR(0.1, 10, phasePct: value), "phasePct", shown, rule);

    [Theory]
    [InlineData(0.1, 10L, false)]
    [InlineData(0.5, 2L, false)]
    [InlineData(1.0, 1L, false)]
    [InlineData(0.25, 4L, true)]
    [InlineData(0.01, 100L, true)]
    public void Create_FirstPhaseOfLengthZero_IsRefused(double pct, long total, bool threePhase)
    {
        // p*T == 1: Paddle's constructor divides 0 by 0 (ZeroDivisionError) at step 0.
        (pct * total).ShouldBe(1.0);

        ShouldRefuse(() => new OneCycleLR(0.1, total, phasePct: pct, threePhase: threePhase), "phasePct", Fmt(pct), "phase_pct * total_steps = 1");
    }

    [Fact]
    public void Create_PhasePctOne_LeavesNoAnnealingPhase_IsRefused()
    {
        // p = 1 (two phases): the last phase runs from T-1 to T-1 and Paddle divides by zero at step T.
        ShouldRefuse(() => new OneCycleLR(0.1, 10, phasePct: 1.0), "phasePct", "1.0", "annealing phase with length 0");
    }

    [Fact]
    public void Create_PhasePctBoundaries_AreAccepted()
    {
        new OneCycleLR(0.1, 10, phasePct: 0.0).At(10).ShouldBeLessThan(0.1);
        var justBelowOne = Math.BitDecrement(1.0);
        var schedule = new OneCycleLR(0.1, 10, phasePct: justBelowOne);
        Tolerance.ShouldMatch(schedule.At(8), Reference(0.1, 10, 25, 0.0001, justBelowOne, AnnealStrategy.Cos, false, 8), "still rising at 8");
        schedule.At(8).ShouldBeLessThan(0.1);
        Tolerance.ShouldMatch(schedule.At(9), 0.0001, "the short annealing phase ends at 9");
        double.IsFinite(schedule.At(10)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0.0, "0.0", "must be > 0")]
    [InlineData(-25.0, "-25.0", "must be > 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData(5e-324, "5e-324", "overflows")]
    public void Create_BadDivideFactor_IsRefused(double value, string shown, string rule)
        => ShouldRefuse(() => new OneCycleLR(0.1, 10, divideFactor: value), "divideFactor", shown, rule);

    [Fact]
    public void Create_TinyDivideFactor_IsAcceptedWhileTheInitialRateIsFinite()
    {
        new OneCycleLR(0.0, 10, divideFactor: 5e-324).At(0).ShouldBe(0.0);
        new OneCycleLR(0.1, 10, divideFactor: 0.5).InitialLearningRate.ShouldBe(0.2);
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(0.75, "0.75")]
    [InlineData(1.0, "1.0")]
    public void Create_ThreePhaseWithPhasePctFromHalf_IsRefused(double pct, string shown)
        => ShouldRefuse(() => new OneCycleLR(0.1, 10, phasePct: pct, threePhase: true), "phasePct", shown, "must be < 0.5 when three_phase = True");

    [Fact]
    public void Create_ThreePhaseJustBelowHalf_IsAccepted()
    {
        var schedule = new OneCycleLR(0.1, 10, phasePct: Math.BitDecrement(0.5), threePhase: true);

        double.IsFinite(schedule.At(10)).ShouldBeTrue();
        new OneCycleLR(0.1, 10, phasePct: 0.5, threePhase: false).At(4).ShouldBe(0.1);
    }

    [Fact]
    public void Create_UndefinedAnnealStrategy_IsRefused()
        => ShouldRefuse(() => new OneCycleLR(0.1, 10, annealStrategy: (AnnealStrategy)7), "annealStrategy", "7", "must be Cos or Linear");

    // ---- spec ----

    [Fact]
    public void ToString_LeavesOutDefaults()
    {
        new OneCycleLR(0.1, 100).ToString().ShouldBe("OneCycleLR(max_learning_rate=0.1, total_steps=100)");
        new OneCycleLR(1, 20, 9, 0.001, 0.25, AnnealStrategy.Linear, true).ToString()
            .ShouldBe("OneCycleLR(max_learning_rate=1.0, total_steps=20, divide_factor=9.0, end_learning_rate=0.001, phase_pct=0.25, anneal_strategy='linear', three_phase=True)");
    }

    [Theory]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=100)")]
    [InlineData("OneCycleLR(max_learning_rate=1.0, total_steps=20, divide_factor=9.0, end_learning_rate=0.001, phase_pct=0.25, anneal_strategy='linear', three_phase=True)")]
    [InlineData("OneCycleLR(max_learning_rate=0.3, total_steps=37, phase_pct=0.1, three_phase=True)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var schedule = Schedule.Parse(text).ShouldBeOfType<OneCycleLR>();

        schedule.ToString().ShouldBe(text);
        var fromText = Schedule.Parse(schedule.ToString());
        var fromJson = Schedule.FromJson(schedule.ToJson());
        fromText.ShouldBe(schedule);
        fromJson.ShouldBe(schedule);
        for (var s = 0L; s <= schedule.TotalSteps; s++)
        {
            fromText.At(s).ShouldBe(schedule.At(s));
            fromJson.At(s).ShouldBe(schedule.At(s));
        }
    }

    [Fact]
    public void Spec_PaddleStyleText_Binds()
    {
        var schedule = Schedule.Parse("paddle.optimizer.lr.OneCycleLR(max_learning_rate=1, total_steps=20, divide_factor=5, anneal_strategy='LINEAR', three_phase=true, phase_pct=0.2)")
            .ShouldBeOfType<OneCycleLR>();

        schedule.MaxLearningRate.ShouldBe(1.0);
        schedule.DivideFactor.ShouldBe(5.0);
        schedule.AnnealStrategy.ShouldBe(AnnealStrategy.Linear);
        schedule.ThreePhase.ShouldBeTrue();
        schedule.PhasePct.ShouldBe(0.2);
    }

    [Fact]
    public void Spec_JsonForm_NamesEveryNonDefault()
        => new OneCycleLR(0.1, 20, divideFactor: 5, annealStrategy: AnnealStrategy.Linear).ToJson()
            .ShouldBe("{\"type\":\"OneCycleLR\",\"max_learning_rate\":0.1,\"total_steps\":20,\"divide_factor\":5.0,\"anneal_strategy\":\"linear\"}");

    [Fact]
    public void Spec_IntegerParameterGivenAFloat_IsRefused()
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse("OneCycleLR(max_learning_rate=0.1, total_steps=2.0)"));

        ex.Parameter.ShouldBe("total_steps");
        ex.Message.ShouldContain("expected an integer literal");
    }

    [Theory]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=10, phase_pct=0.1)", "phase_pct", "phase_pct = 0.1")]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=10, divide_factor=0)", "divide_factor", "divide_factor = 0.0 must be > 0")]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=10, anneal_strategy='cosine')", "anneal_strategy", "expected one of 'cos', 'linear'")]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=10, phase_pct=0.5, three_phase=True)", "phase_pct", "must be < 0.5")]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=0)", "total_steps", "total_steps = 0 must be an integer > 0")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    // ---- scheduler ----

    [Fact]
    public void Scheduler_StepByStep_GivesAt_AndRefusesToPassTheEnd()
    {
        var schedule = new OneCycleLR(0.1, totalSteps: 20, divideFactor: 5);
        var scheduler = schedule.CreateScheduler();
        scheduler.LastLR.ShouldBe(schedule.At(0));

        for (var k = 1; k <= 20; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(schedule.At(k));
        }

        Should.Throw<InvalidOperationException>(() => scheduler.Step());
        scheduler.LastEpoch.ShouldBe(20);
        scheduler.LastLR.ShouldBe(schedule.At(20));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(19L)]
    public void Scheduler_Resumed_StartsAtTheNextStep(long lastEpoch)
    {
        var schedule = new OneCycleLR(0.1, totalSteps: 20, threePhase: true);

        var scheduler = schedule.CreateScheduler(lastEpoch: lastEpoch);

        scheduler.LastEpoch.ShouldBe(lastEpoch + 1);
        scheduler.LastLR.ShouldBe(schedule.At(lastEpoch + 1));
    }

    [Fact]
    public void Scheduler_ResumedAtTheEnd_IsRefused()
    {
        var schedule = new OneCycleLR(0.1, totalSteps: 20);

        Should.Throw<ArgumentOutOfRangeException>(() => schedule.CreateScheduler(lastEpoch: 20)).ParamName.ShouldBe("lastEpoch");
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_JumpsOntoTheCurve()
    {
        var schedule = new OneCycleLR(0.1, totalSteps: 20);
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(13);
        scheduler.LastLR.ShouldBe(schedule.At(13));
        scheduler.Step(2);
        scheduler.LastLR.ShouldBe(schedule.At(2));
        Should.Throw<ArgumentOutOfRangeException>(() => scheduler.Step(21));
        scheduler.LastEpoch.ShouldBe(2);
    }

    /// <summary>SPEC §15 written out: Paddle's phase table and loop, independent of the class under test.</summary>
    private static double Reference(double max, long total, double divide, double end, double pct, AnnealStrategy strategy, bool threePhase, long step)
    {
        var initial = max / divide;
        double[] ends;
        double[] lrs;
        if (threePhase)
        {
            ends = [(pct * total) - 1, (2 * pct * total) - 2, total - 1];
            lrs = [initial, max, initial, end];
        }
        else
        {
            ends = [(pct * total) - 1, total - 1];
            lrs = [initial, max, end];
        }

        var start = 0.0;
        for (var i = 0; i < ends.Length; i++)
        {
            if (step <= ends[i] || i == ends.Length - 1)
            {
                var p = (step - start) / (ends[i] - start);
                var (a, b) = (lrs[i], lrs[i + 1]);
                return strategy == AnnealStrategy.Cos
                    ? b + ((a - b) / 2.0 * (Math.Cos(Math.PI * p) + 1))
                    : ((b - a) * p) + a;
            }

            start = ends[i];
        }

        throw new InvalidOperationException("unreachable");
    }

    private static string Fmt(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) is var s && !s.Contains('.') && !s.Contains('E') ? s + ".0" : s;

    private static void ShouldRefuse(Action create, string paramName, string shownValue, string rule)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(create);
        ex.ParamName.ShouldBe(paramName);
        ex.Message.ShouldContain($"{paramName} = {shownValue}");
        ex.Message.ShouldContain(rule);
    }
}
