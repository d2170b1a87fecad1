using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Peers;

public class WarmupStableDecayTests
{
    public static TheoryData<WsdShape, WsdShape> AllShapes()
    {
        var data = new TheoryData<WsdShape, WsdShape>();
        foreach (var w in Enum.GetValues<WsdShape>())
        {
            foreach (var d in Enum.GetValues<WsdShape>())
            {
                data.Add(w, d);
            }
        }

        return data;
    }

    [Fact]
    public void At_Defaults_AreHuggingFacesValues()
    {
        // transformers' _get_wsd_scheduler_lambda(s, 4, 3, 4, 'linear', 'cosine', 0.0, 0.5) * 0.1, evaluated in Python.
        double[] expected = [0.0, 0.025, 0.05, 0.07500000000000001, 0.1, 0.1, 0.1, 0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0, 0.0];
        var schedule = new WarmupStableDecay(0.1, 4, 3, 4);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Fact]
    public void At_CosineWarmupOneMinusSqrtDecay_AreHuggingFacesValues()
    {
        // transformers' lambda with warmup_type='cosine', decay_type='1-sqrt', times 0.1, evaluated in Python.
        double[] expected = [0.0, 0.014644660940672622, 0.049999999999999996, 0.08535533905932738, 0.1, 0.1, 0.1, 0.1, 0.05, 0.029289321881345243, 0.01339745962155614, 0.0, 0.0];
        var schedule = new WarmupStableDecay(0.1, 4, 3, 4, WsdShape.Cosine, WsdShape.OneMinusSqrt);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void At_WithoutFloor_IsHuggingFacesLambdaTimesTheRate_BitForBit(WsdShape warmup, WsdShape decay)
    {
        const double lr = 3e-4;
        const long w = 7, s = 5, d = 11;
        var schedule = new WarmupStableDecay(lr, w, s, d, warmup, decay);

        for (var e = 0L; e <= w + s + d + 5; e++)
        {
            schedule.At(e).ShouldBe(lr * HuggingFaceLambda(e, w, s, d, warmup, decay, 0.0), $"step {e}");
        }
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void At_WithFloor_MatchesHuggingFacesRatioForm(WsdShape warmup, WsdShape decay)
    {
        // Anneal writes min_lr + (lr - min_lr) * f; transformers writes lr * (f * (1 - r) + r) with r = min_lr / lr.
        const double lr = 0.02, minLr = 0.002;
        const long w = 6, s = 2, d = 9;
        var schedule = new WarmupStableDecay(lr, w, s, d, warmup, decay, minLr);

        for (var e = 0L; e <= w + s + d + 3; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), lr * HuggingFaceLambda(e, w, s, d, warmup, decay, minLr / lr), $"step {e}");
        }
    }

    [Fact]
    public void At_PhaseBoundaries()
    {
        var schedule = new WarmupStableDecay(0.5, 10, 20, 30, minLr: 0.05);

        schedule.At(0).ShouldBe(0.05, "the warmup starts at min_lr, as in transformers");
        Tolerance.ShouldMatch(schedule.At(9), 0.05 + (0.45 * 0.9));
        schedule.At(10).ShouldBe(0.5, "the peak is reached at warmup_steps");
        schedule.At(29).ShouldBe(0.5, "last stable step");
        schedule.At(30).ShouldBe(0.5, "the decay starts at progress 0, at the peak");
        schedule.At(31).ShouldBeLessThan(0.5);
        Tolerance.ShouldMatch(schedule.At(45), 0.05 + (0.45 * 0.5 * (1.0 + Math.Cos(Math.PI * 0.5))));
        schedule.At(59).ShouldBeGreaterThan(0.05);
        schedule.At(60).ShouldBe(0.05, "min_lr from warmup + stable + decay on, to the bit");
        schedule.At(1_000_000_000_000).ShouldBe(0.05);
    }

    [Fact]
    public void At_EmptyPhases()
    {
        var noWarmup = new WarmupStableDecay(0.5, 0, 2, 4, decayType: WsdShape.Linear);
        noWarmup.At(0).ShouldBe(0.5);
        noWarmup.At(2).ShouldBe(0.5);
        noWarmup.At(3).ShouldBe(0.5 * 0.75);
        noWarmup.At(6).ShouldBe(0.0);

        var noStable = new WarmupStableDecay(0.5, 2, 0, 2, decayType: WsdShape.Linear);
        double[] expected = [0.0, 0.25, 0.5, 0.25, 0.0, 0.0];
        for (var e = 0; e < expected.Length; e++)
        {
            noStable.At(e).ShouldBe(expected[e], $"step {e}");
        }

        // decay_steps = 0 is a hard drop, as in transformers (its decay branch is never entered).
        var noDecay = new WarmupStableDecay(0.5, 1, 2, 0, minLr: 0.1);
        noDecay.At(0).ShouldBe(0.1);
        noDecay.At(1).ShouldBe(0.5);
        noDecay.At(2).ShouldBe(0.5);
        noDecay.At(3).ShouldBe(0.1);

        var constant = new WarmupStableDecay(0.5, 0, 0, 0, minLr: 0.5);
        constant.At(0).ShouldBe(0.5);
        constant.At(7).ShouldBe(0.5);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new WarmupStableDecay(0.1, 1, 1, 1).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(-0.1, "-0.1", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLearningRate_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new WarmupStableDecay(value, 1, 1, 1), "learningRate", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData(0.10000000000000002, "0.10000000000000002", "must be <= learning_rate = 0.1")]
    public void Create_BadMinLr_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, 1, 1, 1, minLr: value), "minLr", shown, rule);

    [Fact]
    public void Create_NegativeSteps_AreRefused()
    {
        PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, -1, 1, 1), "warmupSteps", "-1", "must be an integer >= 0");
        PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, 1, -1, 1), "stableSteps", "-1", "must be an integer >= 0");
        PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, 1, 1, -1), "decaySteps", "-1", "must be an integer >= 0");
    }

    [Fact]
    public void Create_PhasesPastLongMax_AreRefused()
    {
        PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, long.MaxValue, 1, 0), "decaySteps", "0", "warmup_steps + stable_steps + decay_steps <=");
        PeerAssert.ShouldRefuse(() => new WarmupStableDecay(0.1, long.MaxValue - 1, 0, 2), "decaySteps", "2", "warmup_steps + stable_steps + decay_steps <=");
        new WarmupStableDecay(0.1, long.MaxValue - 2, 1, 1).At(long.MaxValue).ShouldBe(0.0);
    }

    [Fact]
    public void Create_UndefinedShape_IsRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new WarmupStableDecay(0.1, 1, 1, 1, (WsdShape)7)).ParamName.ShouldBe("warmupType");
        Should.Throw<ArgumentOutOfRangeException>(() => new WarmupStableDecay(0.1, 1, 1, 1, decayType: (WsdShape)(-1))).ParamName.ShouldBe("decayType");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new WarmupStableDecay(0.0, 0, 0, 1).At(0).ShouldBe(0.0);
        new WarmupStableDecay(5e-324, 0, 0, 1).At(0).ShouldBe(5e-324);
        new WarmupStableDecay(0.1, 0, 0, 1, minLr: 0.1).At(5).ShouldBe(0.1);
        new WarmupStableDecay(0.1, 0, 0, 1, minLr: 0.0).At(1).ShouldBe(0.0);
    }

    // ---- spec ----

    [Theory]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=4, stable_steps=3, decay_steps=4)")]
    [InlineData("WarmupStableDecay(learning_rate=0.001, warmup_steps=100, stable_steps=800, decay_steps=100, warmup_type='1-sqrt', decay_type='linear', min_lr=1e-05)")]
    [InlineData("WarmupStableDecay(learning_rate=0.5, warmup_steps=0, stable_steps=0, decay_steps=0, warmup_type='cosine', decay_type='1-sqrt')")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<WarmupStableDecay>(text, 1100);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new WarmupStableDecay(0.1, 1, 2, 3, WsdShape.Linear, WsdShape.Cosine, 0.0).ToString()
            .ShouldBe("WarmupStableDecay(learning_rate=0.1, warmup_steps=1, stable_steps=2, decay_steps=3)");
        Schedule.Parse("WarmupStableDecay(learning_rate=0.1, warmup_steps=1, stable_steps=2, decay_steps=3, warmup_type='LINEAR', decay_type=\"cosine\", min_lr=0)")
            .ToString().ShouldBe("WarmupStableDecay(learning_rate=0.1, warmup_steps=1, stable_steps=2, decay_steps=3)");
        Schedule.Parse("WarmupStableDecay(learning_rate=0.1, warmup_steps=1, stable_steps=2, decay_steps=3, decay_type='1-SQRT')")
            .ShouldBeOfType<WarmupStableDecay>().DecayType.ShouldBe(WsdShape.OneMinusSqrt);
    }

    [Theory]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2.0, stable_steps=3, decay_steps=4)", "warmup_steps", "expected an integer literal")]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2, stable_steps=-3, decay_steps=4)", "stable_steps", "stable_steps = -3 must be an integer >= 0")]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2, stable_steps=3)", "decay_steps", "missing required parameter 'decay_steps'")]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2, stable_steps=3, decay_steps=4, decay_type='sqrt')", "decay_type", "expected one of 'linear', 'cosine', '1-sqrt'")]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2, stable_steps=3, decay_steps=4, min_lr=0.2)", "min_lr", "min_lr = 0.2 must be <= learning_rate = 0.1")]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=2, stable_steps=3, decay_steps=4, min_lr_ratio=0.1)", "min_lr_ratio", "unknown parameter 'min_lr_ratio'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new WarmupStableDecay(0.1, 4, 3, 4, WsdShape.OneMinusSqrt, WsdShape.Linear, 0.01), 20, [0, 3, 6, 10, 15], [9, 2, 100, 7]);

    /// <summary>transformers' <c>_get_wsd_scheduler_lambda</c> with <c>num_cycles = 0.5</c>, in its order of operations.</summary>
    private static double HuggingFaceLambda(long step, long w, long s, long d, WsdShape warmup, WsdShape decay, double ratio)
    {
        if (step < w)
        {
            var progress = (double)step / Math.Max(1, w);
            var factor = warmup switch
            {
                WsdShape.Linear => progress,
                WsdShape.Cosine => 0.5 * (1.0 - Math.Cos(Math.PI * progress)),
                _ => 1.0 - Math.Sqrt(1.0 - progress),
            };
            return Math.Max(0.0, (factor * (1.0 - ratio)) + ratio);
        }

        if (step < w + s)
        {
            return 1.0;
        }

        if (step < w + s + d)
        {
            var progress = (double)(step - w - s) / Math.Max(1, d);
            var factor = decay switch
            {
                WsdShape.Linear => 1.0 - progress,
                WsdShape.Cosine => 0.5 * (1.0 + Math.Cos(Math.PI * 0.5 * 2.0 * progress)),
                _ => 1.0 - Math.Sqrt(progress),
            };
            return Math.Max(0.0, (factor * (1.0 - ratio)) + ratio);
        }

        return ratio;
    }
}
