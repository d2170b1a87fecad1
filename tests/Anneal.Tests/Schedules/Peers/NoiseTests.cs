using CsCheck;

namespace Anneal.Tests.Schedules.Peers;

public class NoiseTests
{
    private static readonly Schedule Cosine = new CosineAnnealingDecay(0.1, 100, 0.001);

    [Fact]
    public void At_InsideTheRange_IsTimmsRule_VPlusVTimesNoise()
    {
        var schedule = new Noise(Cosine, (10, 90));

        for (var e = 10L; e < 90; e++)
        {
            var v = Cosine.At(e);
            var n = schedule.NoiseAt(e);
            n.ShouldNotBe(0.0);
            schedule.At(e).ShouldBe(v + (v * n), $"step {e}");
        }
    }

    [Fact]
    public void At_OutsideTheRange_IsTheScheduleUntouched()
    {
        var schedule = new Noise(Cosine, (10, 90));

        for (var e = 0L; e <= 200; e++)
        {
            if (e is >= 10 and < 90)
            {
                continue;
            }

            schedule.At(e).ShouldBe(Cosine.At(e), $"step {e}");
            schedule.NoiseAt(e).ShouldBe(0.0);
        }

        schedule.NoiseAt(9).ShouldBe(0.0, "the range starts at 10");
        schedule.NoiseAt(10).ShouldNotBe(0.0, "start is inside");
        schedule.NoiseAt(89).ShouldNotBe(0.0, "end - 1 is inside");
        schedule.NoiseAt(90).ShouldBe(0.0, "end is outside");
    }

    [Fact]
    public void At_OpenRange_HasNoiseForEver()
    {
        var schedule = new Noise(new Constant(1.0), (5, null));

        schedule.At(4).ShouldBe(1.0);
        schedule.At(5).ShouldNotBe(1.0);
        schedule.At(long.MaxValue).ShouldNotBe(1.0);
        Math.Abs(schedule.At(long.MaxValue) - 1.0).ShouldBeLessThan(0.67);
    }

    [Fact]
    public void At_SameSeedAndStep_AlwaysGivesTheSameValue()
    {
        var a = new Noise(Cosine, (0, null), seed: 7);
        var b = new Noise(Cosine, (0, null), seed: 7);
        var forward = new double[500];
        for (var e = 0; e < forward.Length; e++)
        {
            forward[e] = a.At(e);
        }

        // Another instance, backwards, twice: nothing depends on call order or history.
        for (var e = forward.Length - 1; e >= 0; e--)
        {
            b.At(e).ShouldBe(forward[e]);
            b.At(e).ShouldBe(forward[e]);
        }

        // And on many threads at once.
        var parallel = new double[forward.Length];
        Parallel.For(0, forward.Length, e => parallel[e] = a.At(e));
        parallel.ShouldBe(forward);
    }

    [Fact]
    public void At_DifferentSeeds_Differ()
    {
        var s1 = new Noise(new Constant(1.0), (0, null), seed: 42);
        var s2 = new Noise(new Constant(1.0), (0, null), seed: 43);

        for (var e = 0L; e < 1000; e++)
        {
            s1.NoiseAt(e).ShouldNotBe(s2.NoiseAt(e), $"step {e}");
        }

        // timm seeds with noise_seed + t, so there seed 43 at step 0 repeats seed 42 at step 1; here it does not.
        s2.NoiseAt(0).ShouldNotBe(s1.NoiseAt(1));
        new Noise(new Constant(1.0), (0, null), seed: -1).NoiseAt(0).ShouldNotBe(s1.NoiseAt(0));
    }

    [Fact]
    public void NoiseAt_NeverReachesNoisePct_Property()
        => Gen.Select(Gen.Long[0, 1_000_000], Gen.Long, Gen.Double[1e-6, 1.0], Gen.Double[1e-3, 100.0], Gen.Bool)
            .Sample(
                t =>
                {
                    var (step, seed, pct, std, uniform) = t;
                    var schedule = new Noise(Cosine, (0, null), pct, std, uniform ? NoiseType.Uniform : NoiseType.Normal, seed);
                    var n = schedule.NoiseAt(step);
                    Math.Abs(n).ShouldBeLessThan(pct);
                    var v = Cosine.At(step);
                    schedule.At(step).ShouldBe(v + (v * n));
                    Math.Abs(schedule.At(step) - v).ShouldBeLessThanOrEqualTo((pct * v) + (v * 4.5e-16));
                    schedule.At(step).ShouldBeGreaterThanOrEqualTo(0.0);
                },
                iter: 2000);

    [Fact]
    public void NoiseAt_SameSeedAndStep_Property()
        => Gen.Select(Gen.Long[0, 1_000_000], Gen.Long).Sample(
            t =>
            {
                var (step, seed) = t;
                var a = new Noise(Cosine, (0, null), seed: seed);
                var b = new Noise(Cosine, (0, null), seed: seed);
                b.At(step).ShouldBe(a.At(step));
                a.At(step).ShouldBe(a.At(step));
            },
            iter: 500);

    [Theory]
    [InlineData(NoiseType.Normal, 0.67, 1.0, 0.1408740655499663)] // truncated to ±0.67σ: σ²(1 - 2rφ(r)/(2Φ(r) - 1)), r = 0.67
    [InlineData(NoiseType.Normal, 1.0, 0.5, 0.1934353258874808)] // r = 2 (the Box–Muller branch)
    [InlineData(NoiseType.Normal, 0.5, 0.1, 0.009999851327963293)] // r = 5: barely truncated
    [InlineData(NoiseType.Uniform, 0.67, 1.0, 0.14963333333333337)] // 0.67² / 3
    public void NoiseAt_HasTheDistributionTimmDraws(NoiseType type, double pct, double std, double variance)
    {
        // Variances by the closed forms (Python, math.erf). 40000 draws: the standard error of the sample variance is
        // below 0.001 (0.0001 for the last normal), so the bounds below are over four standard errors wide.
        var schedule = new Noise(new Constant(1.0), (0, null), pct, std, type, seed: 2024);
        const int n = 40_000;
        double sum = 0, sumSquares = 0;
        for (var e = 0L; e < n; e++)
        {
            var x = schedule.NoiseAt(e);
            sum += x;
            sumSquares += x * x;
        }

        var mean = sum / n;
        var sampleVariance = (sumSquares / n) - (mean * mean);
        Math.Abs(mean).ShouldBeLessThan(0.01);
        Math.Abs(sampleVariance - variance).ShouldBeLessThan(variance * 0.03);
    }

    [Fact]
    public void NoiseAt_DefaultNormal_IsNotTheUniform()
    {
        // The two defaults (0.1409 vs 0.1496) are told apart by the check above; here the fourth moment, too.
        var normal = new Noise(new Constant(1.0), (0, null));
        var uniform = new Noise(new Constant(1.0), (0, null), noiseType: NoiseType.Uniform);
        double normal4 = 0, uniform4 = 0;
        for (var e = 0L; e < 40_000; e++)
        {
            normal4 += Math.Pow(normal.NoiseAt(e), 4);
            uniform4 += Math.Pow(uniform.NoiseAt(e), 4);
        }

        (normal4 / 40_000).ShouldBeLessThan(uniform4 / 40_000);
        Math.Abs((uniform4 / 40_000) - (Math.Pow(0.67, 4) / 5)).ShouldBeLessThan(0.002, "E[n^4] of the uniform is pct^4 / 5");
    }

    [Fact]
    public void At_DoesNotAllocate()
    {
        var schedule = new Noise(new TimmCosine(0.1, 50, cycleLimit: 10), (0, null), noisePct: 1.0, noiseStd: 0.3);
        schedule.At(1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0.0;
        for (var e = 0L; e < 10_000; e++)
        {
            total += schedule.At(e);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        total.ShouldBeGreaterThan(0.0);
    }

    [Fact]
    public void At_NegativeStep_Throws()
    {
        var schedule = new Noise(Cosine, (0, null));
        Should.Throw<ArgumentOutOfRangeException>(() => schedule.At(-1)).ParamName.ShouldBe("step");
        Should.Throw<ArgumentOutOfRangeException>(() => schedule.NoiseAt(-1)).ParamName.ShouldBe("step");
    }

    [Fact]
    public void At_ZeroRate_StaysZero()
        => new Noise(new Constant(0.0), (0, null)).At(3).ShouldBe(0.0);

    // ---- refused inputs ----

    [Fact]
    public void Create_BadRange_IsRefused()
    {
        PeerAssert.ShouldRefuse(() => new Noise(Cosine, (-1, null)), "noiseRange", "[-1]", "must start at a step >= 0");
        PeerAssert.ShouldRefuse(() => new Noise(Cosine, (-1, 5)), "noiseRange", "[-1, 5]", "must start at a step >= 0");
        PeerAssert.ShouldRefuse(() => new Noise(Cosine, (5, 5)), "noiseRange", "[5, 5]", "must end after it starts");
        PeerAssert.ShouldRefuse(() => new Noise(Cosine, (5, 4)), "noiseRange", "[5, 4]", "must end after it starts");
        new Noise(Cosine, (5, 6)).NoiseAt(5).ShouldNotBe(0.0);
        new Noise(Cosine, (0, null)).NoiseAt(0).ShouldNotBe(0.0);
    }

    [Theory]
    [InlineData(0.0, "0.0", "must be in (0.0, 1.0]")]
    [InlineData(-0.1, "-0.1", "must be in (0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in (0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadNoisePct_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new Noise(Cosine, (0, null), noisePct: value), "noisePct", shown, rule);

    [Theory]
    [InlineData(0.0, "0.0", "must be > 0")]
    [InlineData(-1.0, "-1.0", "must be > 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadNoiseStd_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new Noise(Cosine, (0, null), noiseStd: value), "noiseStd", shown, rule);

    [Fact]
    public void Create_NullScheduleOrUndefinedType_IsRefused()
    {
        Should.Throw<ArgumentNullException>(() => new Noise(null!, (0, null))).ParamName.ShouldBe("learningRate");
        Should.Throw<ArgumentOutOfRangeException>(() => new Noise(Cosine, (0, null), noiseType: (NoiseType)9)).ParamName.ShouldBe("noiseType");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        var tiny = new Noise(new Constant(1.0), (0, null), noisePct: 5e-324, noiseStd: 5e-324);
        Math.Abs(tiny.NoiseAt(3)).ShouldBeLessThan(5e-324 * 2);

        var widest = new Noise(new Constant(1.0), (0, null), noisePct: 1.0, noiseStd: 1e300);
        for (var e = 0L; e < 1000; e++)
        {
            widest.At(e).ShouldBeGreaterThan(0.0);
            widest.At(e).ShouldBeLessThan(2.0);
        }

        new Noise(new Constant(1.0), (long.MaxValue - 1, long.MaxValue)).NoiseAt(long.MaxValue - 1).ShouldNotBe(0.0);
        new Noise(new Constant(1.0), (0, null), seed: long.MinValue).NoiseAt(0).ShouldNotBe(0.0);
    }

    // ---- spec ----

    [Theory]
    [InlineData("Noise(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=100), noise_range=[10, 90])")]
    [InlineData("Noise(learning_rate=TimmCosine(learning_rate=0.1, t_initial=50, cycle_limit=3), noise_range=[0], noise_pct=0.1, noise_std=0.05, seed=7)")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[3, 4], noise_type='uniform', seed=-3)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<Noise>(text);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new Noise(new Constant(0.5), (1, null), 0.67, 1.0, NoiseType.Normal, 42).ToString()
            .ShouldBe("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1])");
        Schedule.Parse("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1, 9], noise_pct=0.67, noise_std=1, noise_type='normal', seed=42)")
            .ToString().ShouldBe("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1, 9])");
    }

    [Fact]
    public void Spec_Json_HasTheRangeAsAList()
    {
        var schedule = new Noise(new Constant(0.5), (2, 8), seed: 1);

        var json = schedule.ToJson();
        json.ShouldContain("\"noise_range\"");
        json.ShouldContain("[2");
        Schedule.FromJson(json).ShouldBe(schedule);
    }

    [Theory]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1, 2, 3])", "noise_range", "noise_range = [1, 2, 3] must be [start, end] or [start] (no end)")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[])", "noise_range", "must be [start, end] or [start]")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[5, 2])", "noise_range", "noise_range = [5, 2] must end after it starts")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1.5, 3])", "noise_range", "expected a list of integer literals")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1], seed=2.0)", "seed", "expected an integer literal")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1], noise_pct=1.5)", "noise_pct", "noise_pct = 1.5 must be in (0.0, 1.0]")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5), noise_range=[1], noise_type='gaussian')", "noise_type", "expected one of 'normal', 'uniform'")]
    [InlineData("Noise(learning_rate=0.5, noise_range=[1])", "learning_rate", "expected a schedule")]
    [InlineData("Noise(learning_rate=Constant(learning_rate=0.5))", "noise_range", "missing required parameter 'noise_range'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new Noise(Cosine, (5, 40), noiseType: NoiseType.Uniform, seed: 3), 60, [0, 4, 5, 39, 40], [20, 2, 45, 10]);
}
