using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class PolynomialDecayTests
{
    // SPEC §6, written out in Paddle's order of operations.
    private static double Expected(double lr, long decaySteps, double endLr, double power, bool cycle, long e)
    {
        var t = e;
        var d = decaySteps;
        if (cycle)
        {
            var k = (long)Math.Ceiling((double)e / (double)decaySteps);
            if (e == 0)
            {
                k = 1;
            }

            d = decaySteps * k;
        }
        else
        {
            t = Math.Min(e, decaySteps);
        }

        return ((lr - endLr) * Math.Pow(1 - ((double)t / (double)d), power)) + endLr;
    }

    [Fact]
    public void At_NoCycle_DecaysLinearlyThenHoldsEndLr()
    {
        var s = new PolynomialDecay(0.5, 20, endLr: 0.0);

        s.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(s.At(1), 0.475);
        Tolerance.ShouldMatch(s.At(2), 0.45);
        Tolerance.ShouldMatch(s.At(19), 0.025);
        s.At(20).ShouldBe(0.0);
        s.At(21).ShouldBe(0.0);
        s.At(1_000_000_000_000).ShouldBe(0.0);
    }

    [Fact]
    public void At_Cycle_SpecWorkedExample_JumpsBackUpAfterEachMultiple()
    {
        // SPEC §6: decay_steps 20 gives 0.5 → … → 0 at e=20, then 0.2375 at e=21, 0 at e=40, 0.1583 at e=41.
        var s = new PolynomialDecay(0.5, 20, endLr: 0.0, cycle: true);

        s.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(s.At(1), 0.475);
        Tolerance.ShouldMatch(s.At(19), 0.025);
        s.At(20).ShouldBe(0.0);
        Tolerance.ShouldMatch(s.At(21), 0.2375);
        Tolerance.ShouldMatch(s.At(22), 0.225);
        s.At(40).ShouldBe(0.0);
        Tolerance.ShouldMatch(s.At(41), 0.5 * 19 / 60);
        Tolerance.ShouldMatch(s.At(41), 0.15833333333333333);
        s.At(60).ShouldBe(0.0);
        Tolerance.ShouldMatch(s.At(61), 0.5 * 19 / 80);
    }

    [Fact]
    public void At_Cycle_EveryMultipleGivesExactlyEndLr()
    {
        var s = new PolynomialDecay(0.5, 7, endLr: 0.0001, power: 1.7, cycle: true);

        for (long m = 1; m <= 50; m++)
        {
            s.At(m * 7).ShouldBe(0.0001, $"epoch {m * 7}");
            s.At((m * 7) + 1).ShouldBeGreaterThan(0.0001);
        }
    }

    [Theory]
    [InlineData(0.5, 20L, 0.0, 1.0, false)]
    [InlineData(0.5, 20L, 0.0, 1.0, true)]
    [InlineData(0.1, 9L, 0.0001, 2.0, false)]
    [InlineData(0.1, 9L, 0.0001, 2.0, true)]
    [InlineData(0.3, 5L, 0.01, 0.5, true)]
    [InlineData(0.05, 13L, 0.2, 1.5, false)]
    [InlineData(0.05, 13L, 0.2, 1.5, true)]
    [InlineData(1.0, 1L, 0.0, 3.0, true)]
    public void At_EveryStep_FollowsSpecFormula(double lr, long decaySteps, double endLr, double power, bool cycle)
    {
        var s = new PolynomialDecay(lr, decaySteps, endLr, power, cycle);

        for (long e = 0; e <= 200; e++)
        {
            Tolerance.ShouldMatch(s.At(e), Expected(lr, decaySteps, endLr, power, cycle, e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_Power_ShapesTheCurve()
    {
        var s = new PolynomialDecay(0.5, 4, endLr: 0.0, power: 2.0);

        double[] expected = [0.5, 0.28125, 0.125, 0.03125, 0.0, 0.0];
        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(s.At(e), expected[e], $"epoch {e}");
        }
    }

    [Fact]
    public void At_StepZero_CanDifferFromLearningRateInTheLastBitLikePaddle()
    {
        // lr(0) = (base - end) * 1 + end.
        new PolynomialDecay(0.01, 10, endLr: 0.001).At(0).ShouldBe(0.010000000000000002);
        new PolynomialDecay(0.1, 10, endLr: 0.4).At(0).ShouldBe(0.09999999999999998);
        new PolynomialDecay(0.1, 10).At(0).ShouldBe(0.1);
    }

    [Fact]
    public void At_EndLrAboveLearningRate_Increases()
    {
        var s = new PolynomialDecay(0.1, 10, endLr: 0.4);

        Tolerance.ShouldMatch(s.At(5), 0.25);
        s.At(10).ShouldBe(0.4);
        s.At(11).ShouldBe(0.4);
        for (long e = 1; e <= 10; e++)
        {
            s.At(e).ShouldBeGreaterThan(s.At(e - 1));
        }
    }

    [Fact]
    public void At_HugeSteps_StayFinite()
    {
        new PolynomialDecay(0.5, 3, cycle: true).At(long.MaxValue).ShouldBeInRange(0.0001, 0.5);
        new PolynomialDecay(0.5, 3).At(long.MaxValue).ShouldBe(0.0001);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.5, 20).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.5, 0L, 0.0001, 1.0, "decaySteps", "decaySteps = 0 must be an integer > 0")]
    [InlineData(0.5, -20L, 0.0001, 1.0, "decaySteps", "decaySteps = -20 must be an integer > 0")]
    [InlineData(0.5, 20L, 0.0001, 0.0, "power", "power = 0.0 must be > 0")]
    [InlineData(0.5, 20L, 0.0001, -1.0, "power", "power = -1.0 must be > 0")]
    [InlineData(0.5, 20L, 0.0001, double.NaN, "power", "power = nan must be a finite number")]
    [InlineData(0.5, 20L, 0.0001, double.PositiveInfinity, "power", "power = inf must be a finite number")]
    [InlineData(0.5, 20L, 0.0001, double.NegativeInfinity, "power", "power = -inf must be a finite number")]
    [InlineData(0.5, 20L, -0.0001, 1.0, "endLr", "endLr = -0.0001 must be >= 0")]
    [InlineData(0.5, 20L, double.NaN, 1.0, "endLr", "endLr = nan must be a finite number")]
    [InlineData(0.5, 20L, double.PositiveInfinity, 1.0, "endLr", "endLr = inf must be a finite number")]
    [InlineData(0.5, 20L, double.NegativeInfinity, 1.0, "endLr", "endLr = -inf must be a finite number")]
    [InlineData(-0.5, 20L, 0.0001, 1.0, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(double.NaN, 20L, 0.0001, 1.0, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 20L, 0.0001, 1.0, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 20L, 0.0001, 1.0, "learningRate", "learningRate = -inf must be a finite number")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, long decaySteps, double endLr, double power, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(learningRate, decaySteps, endLr, power));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // decay_steps: integer >= 1
        Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.5, 0));
        new PolynomialDecay(0.5, 1, endLr: 0.0).At(1).ShouldBe(0.0);
        new PolynomialDecay(0.5, long.MaxValue, endLr: 0.0).At(0).ShouldBe(0.5);

        // power: (0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.5, 10, power: -double.Epsilon));
        Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.5, 10, power: 0.0));
        new PolynomialDecay(0.5, 10, endLr: 0.0, power: double.Epsilon).At(5).ShouldBe(0.5);
        new PolynomialDecay(0.5, 10, endLr: 0.0, power: double.MaxValue).At(1).ShouldBe(0.0);

        // end_lr: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.5, 10, endLr: -double.Epsilon));
        new PolynomialDecay(0.5, 10, endLr: 0.0).At(10).ShouldBe(0.0);
        new PolynomialDecay(0.5, 10, endLr: double.Epsilon).At(10).ShouldBe(double.Epsilon);
        new PolynomialDecay(0.5, 10, endLr: double.MaxValue).At(10).ShouldBe(double.MaxValue);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new PolynomialDecay(-double.Epsilon, 10));
        new PolynomialDecay(0.0, 10, endLr: 0.0).At(3).ShouldBe(0.0);
        new PolynomialDecay(double.Epsilon, 10, endLr: 0.0).At(0).ShouldBe(double.Epsilon);
        new PolynomialDecay(double.MaxValue, 10, endLr: 0.0).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_LeavesOutDefaults()
    {
        new PolynomialDecay(0.5, 20).ToString().ShouldBe("PolynomialDecay(learning_rate=0.5, decay_steps=20)");
        new PolynomialDecay(0.5, 20, 0, 2, true).ToString()
            .ShouldBe("PolynomialDecay(learning_rate=0.5, decay_steps=20, end_lr=0.0, power=2.0, cycle=True)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Spec_RoundTripsThroughTextAndJson(bool cycle)
    {
        var s = new PolynomialDecay(0.3, 7, 0.003, 1.5, cycle);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        fromJson.ShouldBeOfType<PolynomialDecay>().Cycle.ShouldBe(cycle);
        for (long e = 0; e <= 50; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("PolynomialDecay(learning_rate=0.5, decay_steps=20.0)", "decay_steps", "expected an integer literal")]
    [InlineData("PolynomialDecay(learning_rate=0.5, decay_steps=0)", "decay_steps", "PolynomialDecay: decay_steps = 0 must be an integer > 0")]
    [InlineData("PolynomialDecay(learning_rate=0.5, decay_steps=20, power=0)", "power", "PolynomialDecay: power = 0.0 must be > 0")]
    [InlineData("PolynomialDecay(learning_rate=0.5, decay_steps=20, end_lr=-1)", "end_lr", "PolynomialDecay: end_lr = -1.0 must be >= 0")]
    [InlineData("PolynomialDecay(learning_rate=-0.5, decay_steps=20)", "learning_rate", "PolynomialDecay: learning_rate = -0.5 must be >= 0")]
    [InlineData("PolynomialDecay(learning_rate=0.5, decay_steps=20, cycle=1)", "cycle", "expected True or False")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch(bool cycle)
    {
        var s = new PolynomialDecay(0.5, 20, endLr: 0.0, cycle: cycle);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 45; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new PolynomialDecay(0.5, 20, endLr: 0.0, cycle: true).CreateScheduler(lastEpoch: 20);

        scheduler.LastEpoch.ShouldBe(21);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.2375);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new PolynomialDecay(0.5, 20, endLr: 0.0, cycle: true).CreateScheduler();

        scheduler.Step(41);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.15833333333333333);
        scheduler.Step(40);
        scheduler.LastLR.ShouldBe(0.0);
        scheduler.Step(0);
        scheduler.LastLR.ShouldBe(0.5);
    }
}
