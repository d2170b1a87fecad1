using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class InverseTimeDecayTests
{
    [Fact]
    public void At_PaddleExample_GivesItsFirstValues()
    {
        var s = new InverseTimeDecay(0.5, 0.1);

        s.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(s.At(1), 0.45454545454545453);
        Tolerance.ShouldMatch(s.At(2), 0.4166666666666667);
        Tolerance.ShouldMatch(s.At(3), 0.3846153846153846);
        Tolerance.ShouldMatch(s.At(10), 0.25);
        Tolerance.ShouldMatch(s.At(90), 0.05);
    }

    [Fact]
    public void At_EveryStep_FollowsSpecFormula()
    {
        const double lr = 0.7, gamma = 0.013;
        var s = new InverseTimeDecay(lr, gamma);

        for (long e = 0; e <= 500; e++)
        {
            // SPEC §5: base_lr / (1 + gamma * e).
            Tolerance.ShouldMatch(s.At(e), lr / (1 + (gamma * e)), $"epoch {e}");
        }
    }

    [Fact]
    public void At_GammaZero_IsConstant()
    {
        var s = new InverseTimeDecay(0.5, 0.0);

        s.At(0).ShouldBe(0.5);
        s.At(1_000_000).ShouldBe(0.5);
    }

    [Fact]
    public void At_HugeGammaAndStep_GoesToZeroWithoutNaN()
    {
        new InverseTimeDecay(0.5, double.MaxValue).At(long.MaxValue).ShouldBe(0.0);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.5, 0.1).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.5, -0.1, "gamma", "gamma = -0.1 must be >= 0")]
    [InlineData(0.5, -1.0, "gamma", "gamma = -1.0 must be >= 0")]
    [InlineData(0.5, double.NaN, "gamma", "gamma = nan must be a finite number")]
    [InlineData(0.5, double.PositiveInfinity, "gamma", "gamma = inf must be a finite number")]
    [InlineData(0.5, double.NegativeInfinity, "gamma", "gamma = -inf must be a finite number")]
    [InlineData(-0.5, 0.1, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(double.NaN, 0.1, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 0.1, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 0.1, "learningRate", "learningRate = -inf must be a finite number")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, double gamma, string param, string fragment)
    {
        // Paddle does not check gamma; gamma = -1 would divide by zero at epoch 1 (deliberate correction).
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new InverseTimeDecay(learningRate, gamma));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // gamma: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.5, -double.Epsilon));
        new InverseTimeDecay(0.5, 0.0).At(7).ShouldBe(0.5);
        new InverseTimeDecay(0.5, double.Epsilon).At(7).ShouldBe(0.5);
        new InverseTimeDecay(0.5, double.MaxValue).At(1).ShouldBe(0.5 / double.MaxValue);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new InverseTimeDecay(-double.Epsilon, 0.1));
        new InverseTimeDecay(0.0, 0.1).At(3).ShouldBe(0.0);
        new InverseTimeDecay(double.Epsilon, 0.1).At(0).ShouldBe(double.Epsilon);
        new InverseTimeDecay(double.MaxValue, 0.1).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_HasNoDefaultForGamma()
    {
        new InverseTimeDecay(0.5, 0.1).ToString().ShouldBe("InverseTimeDecay(learning_rate=0.5, gamma=0.1)");
        new InverseTimeDecay(1, 0).ToString().ShouldBe("InverseTimeDecay(learning_rate=1.0, gamma=0.0)");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new InverseTimeDecay(0.3, 0.0125);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        for (long e = 0; e <= 50; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("InverseTimeDecay(learning_rate=0.5)", "gamma", "missing required parameter 'gamma'")]
    [InlineData("InverseTimeDecay(learning_rate=0.5, gamma=-1)", "gamma", "InverseTimeDecay: gamma = -1.0 must be >= 0")]
    [InlineData("InverseTimeDecay(learning_rate=-0.5, gamma=0.1)", "learning_rate", "InverseTimeDecay: learning_rate = -0.5 must be >= 0")]
    [InlineData("InverseTimeDecay(learning_rate=0.5, gamma='0.1')", "gamma", "expected a number")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new InverseTimeDecay(0.5, 0.1);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 20; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }

        Tolerance.ShouldMatch(scheduler.LastLR, 0.5 / 3);
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new InverseTimeDecay(0.5, 0.1).CreateScheduler(lastEpoch: 9);

        scheduler.LastEpoch.ShouldBe(10);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.25);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new InverseTimeDecay(0.5, 0.1).CreateScheduler();

        scheduler.Step(90);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.05);
        scheduler.Step(1);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.45454545454545453);
    }
}
