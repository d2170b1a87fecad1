using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Peers;

public class TimmCosineTests
{
    [Fact]
    public void At_CycleDecayAndLimit_AreTimmsValues()
    {
        // timm CosineLRScheduler._get_lr(t) with t_initial=4, cycle_decay=0.5, cycle_limit=2, base lr 0.1, in Python.
        double[] expected = [0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.05, 0.04267766952966369, 0.025, 0.0073223304703363135, 0.0, 0.0];
        var schedule = new TimmCosine(0.1, 4, cycleDecay: 0.5, cycleLimit: 2);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }

        schedule.At(1_000_000).ShouldBe(0.0);
    }

    [Fact]
    public void At_WarmupWithoutPrefix_AreTimmsValues()
    {
        // t_initial=5, lr_min=0.001, warmup_t=3, warmup_lr_init=1e-4: the cosine runs under the warmup, so step 3 is
        // the cosine at t = 3, not the peak.
        double[] expected = [0.0001, 0.033400000000000006, 0.06670000000000001, 0.03520365877844011, 0.010453658778440109, 0.001, 0.001, 0.001];
        var schedule = new TimmCosine(0.1, 5, lrMin: 0.001, warmupT: 3, warmupLrInit: 1e-4);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Fact]
    public void At_WarmupWithPrefix_AreTimmsValues()
    {
        double[] expected = [0.0001, 0.033400000000000006, 0.06670000000000001, 0.1, 0.0905463412215599, 0.0657963412215599, 0.03520365877844011, 0.010453658778440109, 0.001, 0.001];
        var schedule = new TimmCosine(0.1, 5, lrMin: 0.001, warmupT: 3, warmupLrInit: 1e-4, warmupPrefix: true);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Fact]
    public void At_KDecay_AreTimmsValues()
    {
        double[] expected = [1.0, 0.9903926402016152, 0.8535533905932737, 0.4024548389919359, 0.0, 0.0];
        var schedule = new TimmCosine(1.0, 4, kDecay: 2.0);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Fact]
    public void At_CycleMulTwo_AreTimmsValues()
    {
        // t_initial=2, cycle_mul=2, cycle_decay=0.5, cycle_limit=3: cycles at 0, 2, 6, then lr_min from 14.
        double[] expected =
        [
            1.0, 0.5,
            0.5, 0.42677669529663687, 0.25, 0.07322330470336313,
            0.25, 0.24048494156391084, 0.21338834764831843, 0.17283542904563623, 0.125, 0.07716457095436378, 0.03661165235168157, 0.009515058436089158,
            0.0, 0.0,
        ];
        var schedule = new TimmCosine(1.0, 2, cycleMul: 2.0, cycleDecay: 0.5, cycleLimit: 3);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Theory]
    [InlineData(0.1, 10L, 0.0, 1.0, 1.0, 1L, 0L, 0.0, false, 1.0)]
    [InlineData(0.1, 7L, 0.001, 1.0, 0.8, 100L, 5L, 1e-5, false, 1.0)]
    [InlineData(0.1, 7L, 0.001, 1.0, 0.8, 100L, 5L, 1e-5, true, 1.5)]
    [InlineData(0.3, 3L, 0.01, 2.0, 0.9, 20L, 4L, 0.0, true, 1.0)]
    [InlineData(1.0, 4L, 0.0, 1.5, 0.7, 20L, 0L, 0.0, false, 0.5)]
    [InlineData(0.2, 1L, 0.0, 3.0, 1.0, 20L, 2L, 0.05, false, 1.0)]
    [InlineData(0.2, 5L, 0.3, 10.0, 1.2, 3L, 0L, 0.0, false, 1.0)]
    public void At_IsTimmsFormula_WithCyclesFoundExactly(
        double lr, long tInitial, double lrMin, double cycleMul, double cycleDecay, long cycleLimit, long warmupT, double warmupLrInit, bool prefix, double k)
    {
        var schedule = new TimmCosine(lr, tInitial, lrMin, cycleMul, cycleDecay, cycleLimit, warmupT, warmupLrInit, prefix, k);
        var warmupStep = warmupT > 0 ? (lr - warmupLrInit) / warmupT : 1.0;

        for (var e = 0L; e <= 1500; e++)
        {
            double expected;
            if (e < warmupT)
            {
                expected = warmupLrInit + (e * warmupStep);
            }
            else
            {
                var t = prefix ? e - warmupT : e;

                // The cycle, by walking exact cycle starts: 0, T, T + T * m, ...
                var i = 0;
                var start = 0.0;
                var length = (double)tInitial;
                while (t >= start + length)
                {
                    start += length;
                    length *= cycleMul;
                    i++;
                }

                double tI, tCurr;
                if (cycleMul != 1.0)
                {
                    tI = Math.Pow(cycleMul, i) * tInitial;
                    tCurr = t - ((1 - Math.Pow(cycleMul, i)) / (1 - cycleMul) * tInitial);
                }
                else
                {
                    tI = tInitial;
                    tCurr = t - (tInitial * i);
                }

                var lrMax = lr * Math.Pow(cycleDecay, i);
                expected = i < cycleLimit
                    ? lrMin + (0.5 * (lrMax - lrMin) * (1 + Math.Cos(Math.PI * Math.Pow(tCurr, k) / Math.Pow(tI, k))))
                    : lrMin;
            }

            schedule.At(e).ShouldBe(expected, $"step {e}");
        }
    }

    [Fact]
    public void At_DefaultCycleLimit_EndsAtLrMinWithoutRestart()
    {
        var schedule = new TimmCosine(0.5, 10, lrMin: 0.01);

        schedule.At(0).ShouldBe(0.5);
        Tolerance.ShouldMatch(schedule.At(5), 0.01 + (0.5 * 0.49));
        schedule.At(9).ShouldBeGreaterThan(0.01);
        schedule.At(10).ShouldBe(0.01, "cycle 1 is past cycle_limit = 1: lr_min, not a restart");
        schedule.At(20).ShouldBe(0.01);
        schedule.At(long.MaxValue).ShouldBe(0.01);
    }

    [Fact]
    public void At_CycleDecay_ScalesEachPeak()
    {
        var schedule = new TimmCosine(0.8, 6, lrMin: 0.0, cycleDecay: 0.5, cycleLimit: 50);

        for (var i = 0; i < 50; i++)
        {
            schedule.At(6L * i).ShouldBe(0.8 * Math.Pow(0.5, i), $"peak {i}");
        }

        schedule.At(300).ShouldBe(0.0, "cycle 50 is past the limit");
    }

    [Fact]
    public void At_CycleMulTwo_RestartsAtTheExactBoundaries()
    {
        var schedule = new TimmCosine(1.0, 10, cycleMul: 2.0, cycleLimit: 1000);
        long start = 0, length = 10;
        for (var i = 0; i < 40; i++)
        {
            schedule.At(start).ShouldBe(1.0, $"restart {i} at {start}");
            if (i > 0)
            {
                schedule.At(start - 1).ShouldBeLessThan(0.03);
            }

            start += length;
            length *= 2;
        }
    }

    [Fact]
    public void At_WhereTimmsLogFallsShort_StillRestarts()
    {
        // t_initial = 1, cycle_mul = 3: cycles start at 0, 1, 4, 13, 40, 121, ... timm's floor(log(243, 3)) is 4 at
        // t = 121, so timm gives lr_min there; the cycle that starts at 121 is cycle 5, with peak 0.5^5.
        var schedule = new TimmCosine(1.0, 1, lrMin: 0.0, cycleMul: 3.0, cycleDecay: 0.5, cycleLimit: 100);

        schedule.At(121).ShouldBe(0.03125);
        schedule.At(120).ShouldBeLessThan(0.001);

        long start = 0, length = 1;
        for (var i = 0; i < 34; i++)
        {
            schedule.At(start).ShouldBe(Math.Pow(0.5, i), $"restart {i} at {start}");
            start += length;
            length *= 3;
        }
    }

    [Fact]
    public void At_WarmupPrefix_ShiftsTheCycles()
    {
        var plain = new TimmCosine(0.4, 8, warmupT: 4, warmupLrInit: 0.0);
        var prefixed = new TimmCosine(0.4, 8, warmupT: 4, warmupLrInit: 0.0, warmupPrefix: true);

        for (var e = 0L; e < 4; e++)
        {
            plain.At(e).ShouldBe(e * 0.1);
            prefixed.At(e).ShouldBe(e * 0.1);
        }

        Tolerance.ShouldMatch(plain.At(4), 0.2, "the cosine half way through its cycle");
        prefixed.At(4).ShouldBe(0.4, "the cycle starts after the warmup");
        plain.At(8).ShouldBe(0.0);
        prefixed.At(12).ShouldBe(0.0);
        prefixed.At(11).ShouldBeGreaterThan(0.0);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new TimmCosine(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadRealParameters_AreRefused(double value, string shown, string rule)
    {
        PeerAssert.ShouldRefuse(() => new TimmCosine(value, 10), "learningRate", shown, rule);
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, lrMin: value), "lrMin", shown, rule);
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, cycleDecay: value), "cycleDecay", shown, rule);
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, warmupT: 2, warmupLrInit: value), "warmupLrInit", shown, rule);
    }

    [Theory]
    [InlineData(0.9999999999999999, "0.9999999999999999", "must be >= 1.0")]
    [InlineData(0.0, "0.0", "must be >= 1.0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    public void Create_BadCycleMul_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, cycleMul: value), "cycleMul", shown, rule);

    [Theory]
    [InlineData(0.0, "0.0", "must be > 0")]
    [InlineData(-1.0, "-1.0", "must be > 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    public void Create_BadKDecay_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, kDecay: value), "kDecay", shown, rule);

    [Fact]
    public void Create_BadIntegers_AreRefused()
    {
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 0), "tInitial", "0", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, -1), "tInitial", "-1", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, cycleLimit: 0), "cycleLimit", "0", "must be an integer >= 1");
        PeerAssert.ShouldRefuse(() => new TimmCosine(0.1, 10, warmupT: -1), "warmupT", "-1", "must be an integer >= 0");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new TimmCosine(0.0, 1).At(0).ShouldBe(0.0);
        new TimmCosine(1e-300, 1).At(0).ShouldBe(1e-300);
        new TimmCosine(5e-324, 1).At(0).ShouldBe(0.0, "timm's 0.5 * lr * 2 underflows for the smallest subnormal");
        new TimmCosine(0.1, 1, cycleMul: 1.0, cycleLimit: 1).At(1).ShouldBe(0.0);
        new TimmCosine(0.1, 1, cycleDecay: 0.0, cycleLimit: 3).At(1).ShouldBe(0.0);
        new TimmCosine(0.1, 4, kDecay: 5e-324).At(0).ShouldBe(0.1);
        new TimmCosine(0.1, long.MaxValue, cycleLimit: long.MaxValue).At(long.MaxValue - 1).ShouldBeInRange(0.0, 0.1);
        new TimmCosine(0.1, 1, cycleMul: 1.0000001, cycleLimit: long.MaxValue).At(long.MaxValue).ShouldBeInRange(0.0, 0.1);
        Tolerance.ShouldMatch(new TimmCosine(0.1, 2, lrMin: 0.5).At(1), 0.3, "lr_min above the peak is allowed, as in timm");
    }

    // ---- spec ----

    [Theory]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10)")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, lr_min=1e-05, cycle_mul=2.0, cycle_decay=0.5, cycle_limit=5, warmup_t=3, warmup_lr_init=1e-06, warmup_prefix=True, k_decay=1.5)")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=4, cycle_limit=100)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<TimmCosine>(text);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new TimmCosine(0.1, 10, 0.0, 1.0, 1.0, 1, 0, 0.0, false, 1.0).ToString().ShouldBe("TimmCosine(learning_rate=0.1, t_initial=10)");
        Schedule.Parse("TimmCosine(learning_rate=0.1, t_initial=10, lr_min=0, cycle_mul=1, cycle_decay=1, cycle_limit=1, warmup_t=0, warmup_lr_init=0, warmup_prefix=False, k_decay=1)")
            .ToString().ShouldBe("TimmCosine(learning_rate=0.1, t_initial=10)");
    }

    [Theory]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10.0)", "t_initial", "expected an integer literal")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, cycle_limit=2.0)", "cycle_limit", "expected an integer literal")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, warmup_t=1.5)", "warmup_t", "expected an integer literal")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, cycle_mul=0.5)", "cycle_mul", "cycle_mul = 0.5 must be >= 1.0")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, warmup_prefix=1)", "warmup_prefix", "expected True or False")]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=10, noise_pct=0.5)", "noise_pct", "unknown parameter 'noise_pct'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new TimmCosine(0.1, 4, 1e-3, 2.0, 0.7, 4, 3, 1e-4, true, 1.0), 70, [0, 2, 3, 6, 7, 40], [50, 1, 3, 1000]);
}
