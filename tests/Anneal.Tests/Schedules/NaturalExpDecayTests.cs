using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class NaturalExpDecayTests
{
    [Fact]
    public void At_PaddleExample_GivesItsFirstValues()
    {
        var s = new NaturalExpDecay(0.5, 0.1);

        s.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(s.At(1), 0.45241870901797976);
        Tolerance.ShouldMatch(s.At(2), 0.4093653765389909);
        Tolerance.ShouldMatch(s.At(3), 0.37040911034085894);
        Tolerance.ShouldMatch(s.At(10), 0.5 / Math.E);
    }

    [Fact]
    public void At_EveryStep_FollowsSpecFormula()
    {
        const double lr = 0.8, gamma = 0.037;
        var s = new NaturalExpDecay(lr, gamma);

        for (long e = 0; e <= 500; e++)
        {
            // SPEC §4: base_lr * exp(((-1 * gamma) * e)).
            Tolerance.ShouldMatch(s.At(e), lr * Math.Exp(-1 * gamma * e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_FarSteps_UnderflowToZeroWithoutNaN()
    {
        var s = new NaturalExpDecay(1.0, 1.0);

        s.At(10_000).ShouldBe(0.0);
        s.At(long.MaxValue).ShouldBe(0.0);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new NaturalExpDecay(0.5, 0.1).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.5, 0.0, "gamma", "gamma = 0.0 must be > 0")]
    [InlineData(0.5, -0.1, "gamma", "gamma = -0.1 must be > 0")]
    [InlineData(0.5, double.NaN, "gamma", "gamma = nan must be a finite number")]
    [InlineData(0.5, double.PositiveInfinity, "gamma", "gamma = inf must be a finite number")]
    [InlineData(0.5, double.NegativeInfinity, "gamma", "gamma = -inf must be a finite number")]
    [InlineData(-0.5, 0.1, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(double.NaN, 0.1, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 0.1, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 0.1, "learningRate", "learningRate = -inf must be a finite number")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, double gamma, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new NaturalExpDecay(learningRate, gamma));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // gamma: (0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new NaturalExpDecay(0.5, -double.Epsilon));
        Should.Throw<ArgumentOutOfRangeException>(() => new NaturalExpDecay(0.5, 0.0));
        new NaturalExpDecay(0.5, double.Epsilon).At(1000).ShouldBe(0.5);
        new NaturalExpDecay(0.5, double.MaxValue).At(1).ShouldBe(0.0);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new NaturalExpDecay(-double.Epsilon, 0.1));
        new NaturalExpDecay(0.0, 0.1).At(3).ShouldBe(0.0);
        new NaturalExpDecay(double.Epsilon, 0.1).At(0).ShouldBe(double.Epsilon);
        new NaturalExpDecay(double.MaxValue, 0.1).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_HasNoDefaultForGamma()
    {
        new NaturalExpDecay(0.5, 0.1).ToString().ShouldBe("NaturalExpDecay(learning_rate=0.5, gamma=0.1)");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new NaturalExpDecay(0.3, 0.0125);

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
    [InlineData("NaturalExpDecay(learning_rate=0.5)", "gamma", "missing required parameter 'gamma'")]
    [InlineData("NaturalExpDecay(learning_rate=0.5, gamma=0)", "gamma", "NaturalExpDecay: gamma = 0.0 must be > 0")]
    [InlineData("NaturalExpDecay(learning_rate=-0.5, gamma=0.1)", "learning_rate", "NaturalExpDecay: learning_rate = -0.5 must be >= 0")]
    [InlineData("NaturalExpDecay(learning_rate=0.5, gamma=True)", "gamma", "expected a number")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new NaturalExpDecay(0.5, 0.1);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 20; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new NaturalExpDecay(0.5, 0.1).CreateScheduler(lastEpoch: 1);

        scheduler.LastEpoch.ShouldBe(2);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.4093653765389909);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new NaturalExpDecay(0.5, 0.1).CreateScheduler();

        scheduler.Step(10);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.5 / Math.E);
        scheduler.Step(3);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.37040911034085894);
    }
}
