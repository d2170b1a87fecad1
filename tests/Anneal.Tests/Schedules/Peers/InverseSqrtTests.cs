using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Peers;

public class InverseSqrtTests
{
    [Fact]
    public void At_WarmupThenInverseSqrt_AreHuggingFacesValues()
    {
        // transformers' _get_inverse_sqrt_schedule_lr_lambda(s, num_warmup_steps=4, timescale=4) * 0.1, in Python.
        double[] expected = [0.0, 0.025, 0.05, 0.07500000000000001, 0.1, 0.08944271909999159, 0.08164965809277262, 0.07559289460184544, 0.07071067811865475];
        var schedule = new InverseSqrt(0.1, 4);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Theory]
    [InlineData(0.1, 0L, null)]
    [InlineData(0.1, 4L, null)]
    [InlineData(1e-3, 100L, null)]
    [InlineData(1e-3, 100L, 30L)]
    [InlineData(0.5, 7L, 1000L)]
    [InlineData(0.5, 0L, 3L)]
    public void At_IsHuggingFacesLambdaTimesTheRate_BitForBit(double lr, long warmup, long? timescale)
    {
        var schedule = new InverseSqrt(lr, warmup, timescale);
        var t = timescale ?? (warmup != 0 ? warmup : 10_000);

        for (var e = 0L; e <= 3 * (warmup + 50); e++)
        {
            var lambda = e < warmup
                ? (double)e / Math.Max(1, warmup)
                : 1.0 / Math.Sqrt((double)(e + (t - warmup)) / t);
            schedule.At(e).ShouldBe(lr * lambda, $"step {e}");
        }
    }

    [Theory]
    [InlineData(1L, null)]
    [InlineData(4L, null)]
    [InlineData(10L, 3L)]
    [InlineData(3L, 10L)]
    [InlineData(1000L, 7919L)]
    public void At_WarmupEnd_IsTheLearningRateExactly(long warmup, long? timescale)
    {
        var schedule = new InverseSqrt(0.3, warmup, timescale);

        schedule.At(warmup).ShouldBe(0.3);
        schedule.At(warmup - 1).ShouldBeLessThan(0.3);
        schedule.At(warmup + 1).ShouldBeLessThan(0.3);
    }

    [Fact]
    public void At_DefaultTimescale_IsWarmupStepsOrTenThousand()
    {
        new InverseSqrt(1.0, 0).EffectiveTimescale.ShouldBe(10_000);
        new InverseSqrt(1.0, 0).Timescale.ShouldBeNull();
        new InverseSqrt(1.0, 25).EffectiveTimescale.ShouldBe(25);
        new InverseSqrt(1.0, 25, 9).EffectiveTimescale.ShouldBe(9);

        // No warmup: lr / sqrt((e + 10000) / 10000); at 30000 that is exactly lr / 2.
        var schedule = new InverseSqrt(1.0);
        schedule.At(0).ShouldBe(1.0);
        schedule.At(30_000).ShouldBe(0.5);
        Tolerance.ShouldMatch(schedule.At(1), 1.0 / Math.Sqrt(1.0001));

        // With warmup 25 the tail is lr * sqrt(25 / (e + 0)): 0.5 at e = 100.
        new InverseSqrt(1.0, 25).At(100).ShouldBe(0.5);
    }

    [Fact]
    public void At_HugeSteps_StayFiniteAndDecreasing()
    {
        var schedule = new InverseSqrt(1.0, 10, long.MaxValue);

        schedule.At(long.MaxValue).ShouldBeGreaterThan(0.0);
        schedule.At(long.MaxValue).ShouldBeLessThanOrEqualTo(schedule.At(10));
        Tolerance.ShouldMatch(new InverseSqrt(1.0, 1).At(long.MaxValue), 1.0 / Math.Sqrt((double)long.MaxValue));
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new InverseSqrt(0.1).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLearningRate_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new InverseSqrt(value), "learningRate", shown, rule);

    [Fact]
    public void Create_BadSteps_AreRefused()
    {
        PeerAssert.ShouldRefuse(() => new InverseSqrt(0.1, -1), "warmupSteps", "-1", "must be an integer >= 0");
        PeerAssert.ShouldRefuse(() => new InverseSqrt(0.1, 5, 0), "timescale", "0", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new InverseSqrt(0.1, 5, -3), "timescale", "-3", "must be an integer > 0");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new InverseSqrt(0.0).At(5).ShouldBe(0.0);
        new InverseSqrt(5e-324, 0, 1).At(0).ShouldBe(5e-324);
        new InverseSqrt(1.0, 0, 1).At(3).ShouldBe(0.5);
        new InverseSqrt(1.0, long.MaxValue).At(long.MaxValue).ShouldBe(1.0);
    }

    // ---- spec ----

    [Theory]
    [InlineData("InverseSqrt(learning_rate=0.1)")]
    [InlineData("InverseSqrt(learning_rate=0.1, warmup_steps=4)")]
    [InlineData("InverseSqrt(learning_rate=0.001, warmup_steps=4000, timescale=10000)")]
    [InlineData("InverseSqrt(learning_rate=0.5, timescale=3)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<InverseSqrt>(text);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new InverseSqrt(0.1, 0, null).ToString().ShouldBe("InverseSqrt(learning_rate=0.1)");
        Schedule.Parse("InverseSqrt(learning_rate=0.1, warmup_steps=0, timescale=None)").ToString().ShouldBe("InverseSqrt(learning_rate=0.1)");

        // An explicit timescale is kept even when it equals the default it would get.
        Schedule.Parse("InverseSqrt(learning_rate=0.1, warmup_steps=4, timescale=4)").ToString().ShouldBe("InverseSqrt(learning_rate=0.1, warmup_steps=4, timescale=4)");
    }

    [Theory]
    [InlineData("InverseSqrt(learning_rate=0.1, warmup_steps=2.0)", "warmup_steps", "expected an integer literal")]
    [InlineData("InverseSqrt(learning_rate=0.1, timescale=2.5)", "timescale", "expected an integer literal")]
    [InlineData("InverseSqrt(learning_rate=0.1, timescale=0)", "timescale", "timescale = 0 must be an integer > 0")]
    [InlineData("InverseSqrt(learning_rate=-0.1)", "learning_rate", "learning_rate = -0.1 must be >= 0")]
    [InlineData("InverseSqrt(warmup_steps=4)", "learning_rate", "missing required parameter 'learning_rate'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new InverseSqrt(0.1, 4, 10), 30, [0, 3, 4, 20], [100, 2, 4]);
}
