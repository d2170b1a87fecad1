using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class NoamDecayTests
{
    [Fact]
    public void At_StepZero_IsExactlyZero()
    {
        // SPEC §2: the a = 1 guard only avoids 0 ** -0.5; b = 0 wins the min.
        new NoamDecay(0.01, 100).At(0).ShouldBe(0.0);
        new NoamDecay(512, 4000, learningRate: 2.0).At(0).ShouldBe(0.0);
        new NoamDecay(1, 1).At(0).ShouldBe(0.0);
    }

    [Fact]
    public void At_PaddleDocExample_RisesLinearlyToOneAtWarmupThenHalvesAtFourTimesWarmup()
    {
        // d_model = 0.01 → d_model ** -0.5 = 10; warmup 100 → b = e / 1000, a = e ** -0.5.
        var s = new NoamDecay(0.01, 100);

        Tolerance.ShouldMatch(s.At(1), 0.01);
        Tolerance.ShouldMatch(s.At(2), 0.02);
        Tolerance.ShouldMatch(s.At(3), 0.03);
        Tolerance.ShouldMatch(s.At(99), 0.99);
        Tolerance.ShouldMatch(s.At(100), 1.0);
        Tolerance.ShouldMatch(s.At(101), 10 / Math.Sqrt(101));
        Tolerance.ShouldMatch(s.At(400), 0.5);
    }

    [Fact]
    public void At_EveryStep_FollowsSpecFormula()
    {
        const double dModel = 512, lr = 2.0;
        const long warmup = 40;
        var s = new NoamDecay(dModel, warmup, lr);

        for (long e = 0; e <= 400; e++)
        {
            // SPEC §2, in Paddle's order: base_lr * (d_model ** -0.5) * min(a, b).
            var a = e == 0 ? 1.0 : Math.Pow(e, -0.5);
            var b = Math.Pow(warmup, -1.5) * e;
            Tolerance.ShouldMatch(s.At(e), lr * Math.Pow(dModel, -0.5) * Math.Min(a, b), $"epoch {e}");
        }
    }

    [Fact]
    public void At_PeaksExactlyAtWarmupSteps()
    {
        var s = new NoamDecay(512, 4000);

        // Peak = learning_rate * (d_model * warmup_steps) ** -0.5 = 1 / sqrt(2048000).
        Tolerance.ShouldMatch(s.At(4000), 0.0006987712429686843);
        s.At(3999).ShouldBeLessThan(s.At(4000));
        s.At(4001).ShouldBeLessThan(s.At(4000));
        Tolerance.ShouldMatch(s.At(16000), 0.00034938562148434214);
    }

    [Fact]
    public void At_WarmupOfOneStep_PeaksAtStepOne()
    {
        var s = new NoamDecay(4, 1, learningRate: 3);

        s.At(0).ShouldBe(0.0);
        Tolerance.ShouldMatch(s.At(1), 1.5);
        Tolerance.ShouldMatch(s.At(4), 0.75);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(512, 4000).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    [Theory]
    [InlineData(0.0, 100L, 1.0, "dModel", "dModel = 0.0 must be > 0")]
    [InlineData(-512.0, 100L, 1.0, "dModel", "dModel = -512.0 must be > 0")]
    [InlineData(double.NaN, 100L, 1.0, "dModel", "dModel = nan must be a finite number")]
    [InlineData(double.PositiveInfinity, 100L, 1.0, "dModel", "dModel = inf must be a finite number")]
    [InlineData(double.NegativeInfinity, 100L, 1.0, "dModel", "dModel = -inf must be a finite number")]
    [InlineData(512.0, 0L, 1.0, "warmupSteps", "warmupSteps = 0 must be an integer > 0")]
    [InlineData(512.0, -5L, 1.0, "warmupSteps", "warmupSteps = -5 must be an integer > 0")]
    [InlineData(512.0, 100L, -0.5, "learningRate", "learningRate = -0.5 must be >= 0")]
    [InlineData(512.0, 100L, double.NaN, "learningRate", "learningRate = nan must be a finite number")]
    [InlineData(512.0, 100L, double.PositiveInfinity, "learningRate", "learningRate = inf must be a finite number")]
    [InlineData(512.0, 100L, double.NegativeInfinity, "learningRate", "learningRate = -inf must be a finite number")]
    [InlineData(1e-300, 100L, 1e300, "dModel", "dModel = 1e-300 is too small for learning_rate = 1e+300")]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double dModel, long warmupSteps, double learningRate, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(dModel, warmupSteps, learningRate));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // d_model: (0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(-double.Epsilon, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(0.0, 10));
        new NoamDecay(double.Epsilon, 10, learningRate: 1e-200).DModel.ShouldBe(double.Epsilon);
        new NoamDecay(double.MaxValue, 10).At(10).ShouldBeGreaterThan(0.0);

        // warmup_steps: integer >= 1
        Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(512, 0));
        new NoamDecay(512, 1).WarmupSteps.ShouldBe(1);
        new NoamDecay(512, long.MaxValue).At(1).ShouldBeGreaterThan(0.0);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new NoamDecay(512, 10, -double.Epsilon));
        new NoamDecay(512, 10, 0.0).At(10).ShouldBe(0.0);
        new NoamDecay(512, 10, double.Epsilon).At(10).ShouldBeGreaterThanOrEqualTo(0.0);
        new NoamDecay(512, 10, double.MaxValue).At(10).ShouldBeGreaterThan(0.0);
    }

    [Fact]
    public void ToString_WritesPaddleNamesAndLeavesOutTheDefault()
    {
        new NoamDecay(512, 4000).ToString().ShouldBe("NoamDecay(d_model=512.0, warmup_steps=4000)");
        new NoamDecay(0.01, 100, 2).ToString().ShouldBe("NoamDecay(d_model=0.01, warmup_steps=100, learning_rate=2.0)");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new NoamDecay(0.01, 100, 0.5);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        for (long e = 0; e <= 200; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("NoamDecay(d_model=512, warmup_steps=4000.0)", "warmup_steps", "expected an integer literal")]
    [InlineData("NoamDecay(d_model=512, warmup_steps=0)", "warmup_steps", "NoamDecay: warmup_steps = 0 must be an integer > 0")]
    [InlineData("NoamDecay(d_model=0, warmup_steps=10)", "d_model", "NoamDecay: d_model = 0.0 must be > 0")]
    [InlineData("NoamDecay(d_model=512, warmup_steps=10, learning_rate=-1)", "learning_rate", "NoamDecay: learning_rate = -1.0 must be >= 0")]
    [InlineData("NoamDecay(warmup_steps=10)", "d_model", "missing required parameter 'd_model'")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new NoamDecay(0.01, 100);
        var scheduler = s.CreateScheduler();

        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.0);
        for (long k = 1; k <= 120; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }

        Tolerance.ShouldMatch(scheduler.LastLR, 10 / Math.Sqrt(120));
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var s = new NoamDecay(0.01, 100);

        var scheduler = s.CreateScheduler(lastEpoch: 99);

        scheduler.LastEpoch.ShouldBe(100);
        Tolerance.ShouldMatch(scheduler.LastLR, 1.0);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(s.At(101));
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new NoamDecay(0.01, 100).CreateScheduler();

        scheduler.Step(400);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.5);
        scheduler.Step(0);
        scheduler.LastLR.ShouldBe(0.0);
        scheduler.Step();
        Tolerance.ShouldMatch(scheduler.LastLR, 0.01);
    }

    [Fact]
    public void Scheduler_SavedAndRestored_ContinuesExactly()
    {
        var s = new NoamDecay(0.01, 100);
        var original = s.CreateScheduler();
        for (var i = 0; i < 50; i++)
        {
            original.Step();
        }

        var restored = LRScheduler.Restore(original.SaveState());
        for (var i = 0; i < 100; i++)
        {
            original.Step();
            restored.Step();
            restored.LastEpoch.ShouldBe(original.LastEpoch);
            restored.LastLR.ShouldBe(original.LastLR);
        }
    }
}
