using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Peers;

public class CosineDecayTests
{
    [Fact]
    public void At_AlphaFloor_AreKerasValues()
    {
        // keras CosineDecay(0.1, 4, alpha=0.1) evaluated in float64 with Keras's expressions, in Python.
        double[] expected = [0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605367, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002];
        var schedule = new CosineDecay(0.1, 4, alpha: 0.1);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }

        schedule.At(1_000_000).ShouldBe(0.010000000000000002, "held at the floor");
    }

    [Fact]
    public void At_Warmup_AreKerasValues()
    {
        // keras CosineDecay(0.0, 4, warmup_target=0.2, warmup_steps=2) in float64, in Python.
        double[] expected = [0.0, 0.1, 0.2, 0.17071067811865476, 0.1, 0.029289321881345254, 0.0, 0.0];
        var schedule = new CosineDecay(0.0, 4, warmupTarget: 0.2, warmupSteps: 2);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Theory]
    [InlineData(0.1, 10L, 0.0, null, 0L)]
    [InlineData(0.1, 7L, 0.25, null, 0L)]
    [InlineData(1e-3, 100L, 0.01, 5e-3, 20L)]
    [InlineData(0.2, 9L, 0.5, 0.05, 3L)]
    [InlineData(0.0, 13L, 0.0, 0.3, 0L)]
    public void At_IsKerasFormula_BitForBit(double initial, long decaySteps, double alpha, double? target, long warmupSteps)
    {
        var schedule = new CosineDecay(initial, decaySteps, alpha, target, warmupSteps);

        for (var e = 0L; e <= 2 * (decaySteps + warmupSteps) + 3; e++)
        {
            double expected;
            if (target is null)
            {
                expected = KerasDecay(Math.Min(e, decaySteps), decaySteps, initial, alpha);
            }
            else
            {
                var s = Math.Min(e, decaySteps + warmupSteps);
                expected = s < warmupSteps
                    ? ((target.Value - initial) * ((double)s / warmupSteps)) + initial
                    : KerasDecay(s - warmupSteps, decaySteps, target.Value, alpha);
            }

            schedule.At(e).ShouldBe(expected, $"step {e}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void At_End_IsAlphaTimesTheDecayStart_AndHeld(double alpha)
    {
        var plain = new CosineDecay(0.8, 12, alpha);
        plain.At(12).ShouldBe(0.8 * alpha);
        plain.At(13).ShouldBe(0.8 * alpha);
        plain.At(long.MaxValue).ShouldBe(0.8 * alpha);

        var warm = new CosineDecay(0.0, 12, alpha, warmupTarget: 0.4, warmupSteps: 5);
        warm.At(5).ShouldBe(0.4, "the peak at warmup_steps");
        warm.At(17).ShouldBe(0.4 * alpha);
        warm.At(long.MaxValue).ShouldBe(0.4 * alpha);
    }

    [Fact]
    public void At_WarmupFromAnInitialRate()
    {
        var schedule = new CosineDecay(0.01, 10, warmupTarget: 0.11, warmupSteps: 4);

        schedule.At(0).ShouldBe(0.01);
        Tolerance.ShouldMatch(schedule.At(1), 0.035);
        Tolerance.ShouldMatch(schedule.At(3), 0.085);
        schedule.At(4).ShouldBe(0.11);
        Tolerance.ShouldMatch(schedule.At(9), 0.055);
        schedule.At(14).ShouldBe(0.0);
    }

    [Fact]
    public void At_TargetWithoutWarmupSteps_DecaysFromTheTarget()
    {
        // As in Keras: initial_learning_rate plays no part then.
        var schedule = new CosineDecay(0.9, 4, warmupTarget: 0.2);

        schedule.At(0).ShouldBe(0.2);
        Tolerance.ShouldMatch(schedule.At(2), 0.1);
        schedule.At(4).ShouldBe(0.0);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadInitialLearningRate_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecay(value, 10), "initialLearningRate", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324")]
    [InlineData(1.0000000000000002, "1.0000000000000002")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Create_BadAlpha_IsRefused(double value, string shown)
        => PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, 10, value), "alpha", shown, double.IsFinite(value) ? "must be in [0.0, 1.0]" : "must be a finite number");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadWarmupTarget_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, 10, warmupTarget: value, warmupSteps: 2), "warmupTarget", shown, rule);

    [Fact]
    public void Create_BadSteps_AreRefused()
    {
        PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, 0), "decaySteps", "0", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, -1), "decaySteps", "-1", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, 10, warmupTarget: 0.2, warmupSteps: -1), "warmupSteps", "-1", "must be an integer >= 0");
        PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, 10, warmupSteps: 5), "warmupSteps", "5", "needs a warmup_target");
        PeerAssert.ShouldRefuse(() => new CosineDecay(0.1, long.MaxValue, warmupTarget: 0.2, warmupSteps: 1), "warmupSteps", "1", "warmup_steps + decay_steps <=");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new CosineDecay(0.0, 1).At(0).ShouldBe(0.0);
        new CosineDecay(5e-324, 1).At(0).ShouldBe(5e-324);
        new CosineDecay(0.3, 1, alpha: 1.0).At(1).ShouldBe(0.3);
        new CosineDecay(0.3, 1, alpha: 0.0).At(1).ShouldBe(0.0);
        new CosineDecay(0.3, 1, warmupTarget: 0.0, warmupSteps: 1).At(0).ShouldBe(0.3);
        new CosineDecay(0.3, long.MaxValue - 1, warmupTarget: 0.5, warmupSteps: 1).At(1).ShouldBe(0.5);
    }

    // ---- spec ----

    [Theory]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=4)")]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=4, alpha=0.1)")]
    [InlineData("CosineDecay(initial_learning_rate=0.0, decay_steps=100, warmup_target=0.2, warmup_steps=10)")]
    [InlineData("CosineDecay(initial_learning_rate=0.05, decay_steps=50, alpha=0.01, warmup_target=0.1)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<CosineDecay>(text);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new CosineDecay(0.1, 4, 0.0, null, 0).ToString().ShouldBe("CosineDecay(initial_learning_rate=0.1, decay_steps=4)");
        Schedule.Parse("CosineDecay(initial_learning_rate=0.1, decay_steps=4, alpha=0, warmup_target=None, warmup_steps=0)")
            .ToString().ShouldBe("CosineDecay(initial_learning_rate=0.1, decay_steps=4)");
    }

    [Theory]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=2.0)", "decay_steps", "expected an integer literal")]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=0)", "decay_steps", "decay_steps = 0 must be an integer > 0")]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=10, warmup_steps=5)", "warmup_steps", "warmup_steps = 5 needs a warmup_target")]
    [InlineData("CosineDecay(initial_learning_rate=0.1, decay_steps=10, alpha=1.5)", "alpha", "alpha = 1.5 must be in [0.0, 1.0]")]
    [InlineData("CosineDecay(learning_rate=0.1, decay_steps=10)", "learning_rate", "unknown parameter 'learning_rate'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new CosineDecay(0.0, 10, 0.1, 0.2, 5), 25, [0, 4, 5, 14, 15], [30, 3, 12]);

    /// <summary>Keras's <c>_decay_function</c>.</summary>
    private static double KerasDecay(long step, long decaySteps, double from, double alpha)
    {
        var completed = (double)step / decaySteps;
        var cosineDecayed = 0.5 * (1.0 + Math.Cos(Math.PI * completed));
        var decayed = ((1 - alpha) * cosineDecayed) + alpha;
        return from * decayed;
    }
}
