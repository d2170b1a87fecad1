using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class StepDecayTests
{
    [Fact]
    public void At_PaddleExample_DropsByGammaEveryStepSize()
    {
        var s = new StepDecay(0.5, 2, 0.8);

        double[] expected = [0.5, 0.5, 0.4, 0.4, 0.32000000000000006, 0.32000000000000006, 0.25600000000000006];
        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(s.At(e), expected[e], $"epoch {e}");
        }
    }

    [Fact]
    public void At_EveryStep_FollowsSpecFormula()
    {
        const double lr = 0.3, gamma = 0.7;
        const long stepSize = 3;
        var s = new StepDecay(lr, stepSize, gamma);

        for (long e = 0; e <= 200; e++)
        {
            // SPEC §10: base_lr * gamma ** (e // step_size), floor division (e >= 0).
            var i = (long)Math.Floor((double)e / stepSize);
            s.At(e).ShouldBe(lr * Math.Pow(gamma, i), $"epoch {e}");
        }
    }

    [Fact]
    public void At_DefaultGamma_IsOneTenth()
    {
        var s = new StepDecay(1.0, 30);

        s.Gamma.ShouldBe(0.1);
        s.At(29).ShouldBe(1.0);
        Tolerance.ShouldMatch(s.At(30), 0.1);
        Tolerance.ShouldMatch(s.At(60), 0.01);
    }

    [Fact]
    public void At_GammaZero_IsAcceptedLikePaddle()
    {
        var s = new StepDecay(0.5, 2, 0.0);

        s.At(1).ShouldBe(0.5);
        s.At(2).ShouldBe(0.0);
    }

    [Fact]
    public void At_FarSteps_StayFinite()
    {
        new StepDecay(0.5, 1, 0.5).At(long.MaxValue).ShouldBe(0.0);
        new StepDecay(0.5, long.MaxValue, 0.5).At(long.MaxValue).ShouldBe(0.25);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(0.5, 2).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.5, 0L, 0.1, "stepSize", "stepSize = 0 must be an integer > 0")]
    [InlineData(0.5, -2L, 0.1, "stepSize", "stepSize = -2 must be an integer > 0")]
    [InlineData(0.5, 2L, 1.0, "gamma", "gamma = 1.0 must be in [0.0, 1.0)")]
    [InlineData(0.5, 2L, 1.5, "gamma", "gamma = 1.5 must be in [0.0, 1.0)")]
    [InlineData(0.5, 2L, double.NaN, "gamma", "gamma = nan must be a finite number")]
    [InlineData(0.5, 2L, double.PositiveInfinity, "gamma", "gamma = inf must be a finite number")]
    [InlineData(0.5, 2L, double.NegativeInfinity, "gamma", "gamma = -inf must be a finite number")]
    [InlineData(-0.5, 2L, 0.1, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(double.NaN, 2L, 0.1, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 2L, 0.1, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 2L, 0.1, "learningRate", "learningRate = -inf must be a finite number")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, long stepSize, double gamma, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(learningRate, stepSize, gamma));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // gamma: in [0, 1) (Paddle accepts negative gammas and outputs negative rates; Anneal refuses them)
        Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(0.5, 2, -double.Epsilon)).ParamName.ShouldBe("gamma");
        new StepDecay(0.5, 2, 0.0).At(2).ShouldBe(0.0);
        Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(0.5, 2, Math.BitIncrement(1.0)));
        Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(0.5, 2, 1.0));
        new StepDecay(0.5, 2, Math.BitDecrement(1.0)).At(2).ShouldBe(0.5 * Math.BitDecrement(1.0));

        // step_size: integer >= 1
        Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(0.5, 0));
        new StepDecay(0.5, 1, 0.5).At(3).ShouldBe(0.0625);
        new StepDecay(0.5, long.MaxValue).At(long.MaxValue - 1).ShouldBe(0.5);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new StepDecay(-double.Epsilon, 2));
        new StepDecay(0.0, 2).At(3).ShouldBe(0.0);
        new StepDecay(double.Epsilon, 2).At(0).ShouldBe(double.Epsilon);
        new StepDecay(double.MaxValue, 2).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_LeavesOutTheDefault()
    {
        new StepDecay(0.5, 2, 0.8).ToString().ShouldBe("StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)");
        new StepDecay(0.5, 30).ToString().ShouldBe("StepDecay(learning_rate=0.5, step_size=30)");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new StepDecay(0.5, 3, 0.75);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        s.ToJson().ShouldBe("{\"type\":\"StepDecay\",\"learning_rate\":0.5,\"step_size\":3,\"gamma\":0.75}");
        for (long e = 0; e <= 30; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2.0)", "step_size", "expected an integer literal")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=0)", "step_size", "StepDecay: step_size = 0 must be an integer > 0")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2, gamma=1)", "gamma", "StepDecay: gamma = 1.0 must be in [0.0, 1.0)")]
    [InlineData("StepDecay(learning_rate=-0.5, step_size=2)", "learning_rate", "StepDecay: learning_rate = -0.5 must be >= 0")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void FromJson_IntegerParameterAsFloat_IsRefused()
    {
        var ex = Should.Throw<SpecException>(() => Schedule.FromJson("{\"type\":\"StepDecay\",\"learning_rate\":0.5,\"step_size\":2.0}"));

        ex.Parameter.ShouldBe("step_size");
        ex.Message.ShouldContain("expected an integer literal");
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new StepDecay(0.5, 2, 0.8);
        var scheduler = s.CreateScheduler();

        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 20; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }
    }

    [Fact]
    public void Scheduler_ResumedAfterEpochFour_StartsAtEpochFiveWithSpecValue()
    {
        // SPEC §10: last_epoch=4 gives a first value at e=5, 0.5*0.8**2 = 0.32.
        var scheduler = new StepDecay(0.5, 2, 0.8).CreateScheduler(lastEpoch: 4);

        scheduler.LastEpoch.ShouldBe(5);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.32);
        scheduler.Step();
        scheduler.LastEpoch.ShouldBe(6);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.256);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new StepDecay(0.5, 2, 0.8).CreateScheduler();

        scheduler.Step(5);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.32);
        scheduler.Step(1);
        scheduler.LastLR.ShouldBe(0.5);
        scheduler.Step();
        Tolerance.ShouldMatch(scheduler.LastLR, 0.4);
    }

    [Fact]
    public void Scheduler_SavedAndRestored_ContinuesExactly()
    {
        var original = new StepDecay(0.5, 2, 0.8).CreateScheduler();
        for (var i = 0; i < 7; i++)
        {
            original.Step();
        }

        var restored = LRScheduler.Restore(original.SaveState());
        restored.LastEpoch.ShouldBe(7);
        for (var i = 0; i < 20; i++)
        {
            original.Step();
            restored.Step();
            restored.LastLR.ShouldBe(original.LastLR);
        }
    }
}
