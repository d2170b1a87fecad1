using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class ExponentialDecayTests
{
    [Fact]
    public void At_PaddleExample_GivesItsFirstValues()
    {
        var s = new ExponentialDecay(0.5, 0.9);

        s.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(s.At(1), 0.45);
        Tolerance.ShouldMatch(s.At(2), 0.405);
        Tolerance.ShouldMatch(s.At(3), 0.36450000000000005);
        Tolerance.ShouldMatch(s.At(4), 0.32805);
    }

    [Fact]
    public void At_EveryStep_IsTheClosedFormNotTheRecursiveProduct()
    {
        const double lr = 0.5, gamma = 0.9;
        var s = new ExponentialDecay(lr, gamma);

        for (long e = 0; e <= 200; e++)
        {
            // SPEC §8: base_lr * (gamma ** e), bit for bit.
            s.At(e).ShouldBe(lr * Math.Pow(gamma, e), $"epoch {e}");
        }

        // torch's ExponentialLR multiplies recursively and differs in the last bit from epoch 4 on.
        s.At(4).ShouldBe(0.32805);
        s.At(4).ShouldNotBe(0.32805000000000006);
    }

    [Fact]
    public void At_FarSteps_UnderflowToZero()
    {
        var s = new ExponentialDecay(0.5, 0.5);

        s.At(2000).ShouldBe(0.0);
        s.At(long.MaxValue).ShouldBe(0.0);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.5, 0.9).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.5, 0.0, "gamma", "gamma = 0.0 must be in (0.0, 1.0)")]
    [InlineData(0.5, 1.0, "gamma", "gamma = 1.0 must be in (0.0, 1.0)")]
    [InlineData(0.5, -0.5, "gamma", "gamma = -0.5 must be in (0.0, 1.0)")]
    [InlineData(0.5, 1.5, "gamma", "gamma = 1.5 must be in (0.0, 1.0)")]
    [InlineData(0.5, double.NaN, "gamma", "gamma = nan must be a finite number")]
    [InlineData(0.5, double.PositiveInfinity, "gamma", "gamma = inf must be a finite number")]
    [InlineData(0.5, double.NegativeInfinity, "gamma", "gamma = -inf must be a finite number")]
    [InlineData(-0.5, 0.9, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(double.NaN, 0.9, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 0.9, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 0.9, "learningRate", "learningRate = -inf must be a finite number")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, double gamma, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(learningRate, gamma));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // gamma: (0, 1)
        Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.5, 0.0));
        new ExponentialDecay(0.5, double.Epsilon).At(1).ShouldBe(0.5 * double.Epsilon);
        new ExponentialDecay(0.5, Math.BitDecrement(1.0)).At(1).ShouldBe(0.5 * Math.BitDecrement(1.0));
        Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.5, 1.0));
        Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.5, Math.BitIncrement(1.0)));

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new ExponentialDecay(-double.Epsilon, 0.9));
        new ExponentialDecay(0.0, 0.9).At(3).ShouldBe(0.0);
        new ExponentialDecay(double.Epsilon, 0.9).At(0).ShouldBe(double.Epsilon);
        new ExponentialDecay(double.MaxValue, 0.9).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_HasNoDefaultForGamma()
    {
        new ExponentialDecay(0.5, 0.9).ToString().ShouldBe("ExponentialDecay(learning_rate=0.5, gamma=0.9)");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new ExponentialDecay(0.3, 0.987);

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
    [InlineData("ExponentialDecay(learning_rate=0.5)", "gamma", "missing required parameter 'gamma'")]
    [InlineData("ExponentialDecay(learning_rate=0.5, gamma=1)", "gamma", "ExponentialDecay: gamma = 1.0 must be in (0.0, 1.0)")]
    [InlineData("ExponentialDecay(learning_rate=-0.5, gamma=0.9)", "learning_rate", "ExponentialDecay: learning_rate = -0.5 must be >= 0")]
    [InlineData("ExponentialDecay(learning_rate=0.5, gamma=None)", "gamma", "None is not allowed")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new ExponentialDecay(0.5, 0.9);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 30; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new ExponentialDecay(0.5, 0.9).CreateScheduler(lastEpoch: 2);

        scheduler.LastEpoch.ShouldBe(3);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.36450000000000005);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new ExponentialDecay(0.5, 0.9).CreateScheduler();

        scheduler.Step(4);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.32805);
        scheduler.Step(1);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.45);
    }
}
