using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class MultiStepDecayTests
{
    [Fact]
    public void At_PaddleExample_MultipliesByGammaAtEachMilestone()
    {
        var s = new MultiStepDecay(0.5, [2, 4, 6], gamma: 0.8);

        double[] expected = [0.5, 0.5, 0.4, 0.4, 0.32000000000000006, 0.32000000000000006, 0.25600000000000006, 0.25600000000000006];
        for (var e = 0; e < expected.Length; e++)
        {
            Tolerance.ShouldMatch(s.At(e), expected[e], $"epoch {e}");
        }

        Tolerance.ShouldMatch(s.At(long.MaxValue), 0.25600000000000006);
    }

    [Fact]
    public void At_EveryStep_FollowsSpecLinearScan()
    {
        const double lr = 0.5, gamma = 0.8;
        long[] milestones = [3, 6, 9, 15, 20];
        var s = new MultiStepDecay(lr, milestones, gamma);

        for (long e = 0; e <= 30; e++)
        {
            // SPEC §9: i = index of the first milestone with e < milestone, or len(milestones) if none.
            var i = milestones.Length;
            for (var j = 0; j < milestones.Length; j++)
            {
                if (e < milestones[j])
                {
                    i = j;
                    break;
                }
            }

            s.At(e).ShouldBe(lr * Math.Pow(gamma, i), $"epoch {e}");
        }
    }

    [Fact]
    public void At_NoMilestones_IsConstant()
    {
        var s = new MultiStepDecay(0.5, []);

        s.At(0).ShouldBe(0.5);
        s.At(long.MaxValue).ShouldBe(0.5);
    }

    [Fact]
    public void At_MilestoneAtZero_AppliesFromTheStart()
    {
        var s = new MultiStepDecay(0.5, [0, 3], gamma: 0.5);

        s.At(0).ShouldBe(0.25);
        s.At(3).ShouldBe(0.125);
    }

    [Fact]
    public void At_GammaZero_IsAcceptedLikePaddle_ButNegativeIsRefused()
    {
        var zero = new MultiStepDecay(0.5, [2], gamma: 0.0);
        zero.At(1).ShouldBe(0.5);
        zero.At(2).ShouldBe(0.0);

        // Paddle accepts -0.5 and then outputs -0.25 at epoch 1: Anneal never outputs a negative learning rate.
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [1, 2], gamma: -0.5));
        ex.ParamName.ShouldBe("gamma");
        ex.Message.ShouldContain("gamma = -0.5 must be in [0.0, 1.0)");
    }

    [Fact]
    public void Constructor_CopiesItsList()
    {
        long[] milestones = [3, 6];
        var s = new MultiStepDecay(0.5, milestones);

        milestones[0] = 100;

        s.At(3).ShouldBe(0.5 * 0.1);
        s.Milestones.ShouldBe([3L, 6L]);
        (s.Milestones is long[]).ShouldBeFalse();
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [2]).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    public static TheoryData<double, long[], double, string, string> BadArguments() => new()
    {
        { 0.5, [3, 3], 0.1, "milestones", "milestones = 3 at index 1 must be > 3, the milestone before it (milestones must be strictly increasing)" },
        { 0.5, [6, 3], 0.1, "milestones", "milestones = 3 at index 1 must be > 6" },
        { 0.5, [-2, 3], 0.1, "milestones", "milestones = -2 at index 0 must be >= 0" },
        { 0.5, [3], 1.0, "gamma", "gamma = 1.0 must be in [0.0, 1.0)" },
        { 0.5, [3], 2.0, "gamma", "gamma = 2.0 must be in [0.0, 1.0)" },
        { 0.5, [3], -1e-300, "gamma", "gamma = -1e-300 must be in [0.0, 1.0)" },
        { 0.5, [3], double.NaN, "gamma", "gamma = nan must be a finite number" },
        { 0.5, [3], double.PositiveInfinity, "gamma", "gamma = inf must be a finite number" },
        { 0.5, [3], double.NegativeInfinity, "gamma", "gamma = -inf must be a finite number" },
        { -0.5, [3], 0.1, "learningRate", "learningRate = -0.5 must be >= 0" },
        { double.NaN, [3], 0.1, "learningRate", "learningRate = nan must be a finite number" },
        { double.PositiveInfinity, [3], 0.1, "learningRate", "learningRate = inf must be a finite number" },
        { double.NegativeInfinity, [3], 0.1, "learningRate", "learningRate = -inf must be a finite number" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(double learningRate, long[] milestones, double gamma, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(learningRate, milestones, gamma));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_NullMilestones_IsRefused()
        => Should.Throw<ArgumentNullException>(() => new MultiStepDecay(0.5, null!)).ParamName.ShouldBe("milestones");

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // gamma: in [0, 1)
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [1], Math.BitIncrement(1.0)));
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [1], 1.0));
        new MultiStepDecay(0.5, [1], Math.BitDecrement(1.0)).At(1).ShouldBe(0.5 * Math.BitDecrement(1.0));
        new MultiStepDecay(0.5, [1], 0.0).At(1).ShouldBe(0.0);
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [1], -double.Epsilon));

        // milestones: each >= 0, strictly increasing
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [-1]));
        new MultiStepDecay(0.5, [0]).At(0).ShouldBe(0.5 * 0.1);
        new MultiStepDecay(0.5, [long.MaxValue]).At(long.MaxValue).ShouldBe(0.5 * 0.1);
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(0.5, [4, 4]));
        new MultiStepDecay(0.5, [4, 5], 0.5).At(5).ShouldBe(0.125);

        // learning_rate: [0, +inf)
        Should.Throw<ArgumentOutOfRangeException>(() => new MultiStepDecay(-double.Epsilon, [1]));
        new MultiStepDecay(0.0, [1]).At(3).ShouldBe(0.0);
        new MultiStepDecay(double.Epsilon, [1]).At(0).ShouldBe(double.Epsilon);
        new MultiStepDecay(double.MaxValue, [1]).At(0).ShouldBe(double.MaxValue);
    }

    [Fact]
    public void ToString_WritesTheListAndLeavesOutTheDefault()
    {
        new MultiStepDecay(0.5, [2, 4, 6], 0.8).ToString().ShouldBe("MultiStepDecay(learning_rate=0.5, milestones=[2, 4, 6], gamma=0.8)");
        new MultiStepDecay(0.5, [30]).ToString().ShouldBe("MultiStepDecay(learning_rate=0.5, milestones=[30])");
        new MultiStepDecay(0.5, []).ToString().ShouldBe("MultiStepDecay(learning_rate=0.5, milestones=[])");
    }

    [Theory]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[3, 6, 9, 15, 20], gamma=0.8)")]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[])")]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[0, 1], gamma=0.0)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var s = Schedule.Parse(text);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        s.ToString().ShouldBe(text);
        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        for (long e = 0; e <= 25; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[2.0, 4])", "milestones", "expected a list of integer literals")]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[4, 4])", "milestones", "MultiStepDecay: milestones = 4 at index 1 must be > 4")]
    [InlineData("MultiStepDecay(learning_rate=0.5, milestones=[4], gamma=1)", "gamma", "MultiStepDecay: gamma = 1.0 must be in [0.0, 1.0)")]
    [InlineData("MultiStepDecay(learning_rate=-1, milestones=[4])", "learning_rate", "MultiStepDecay: learning_rate = -1.0 must be >= 0")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new MultiStepDecay(0.5, [3, 6, 9, 15, 20], 0.8);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.5);
        for (long k = 1; k <= 25; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new MultiStepDecay(0.5, [2, 4, 6], 0.8).CreateScheduler(lastEpoch: 3);

        scheduler.LastEpoch.ShouldBe(4);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.32000000000000006);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new MultiStepDecay(0.5, [2, 4, 6], 0.8).CreateScheduler();

        scheduler.Step(100);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.25600000000000006);
        scheduler.Step(2);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.4);
    }
}
