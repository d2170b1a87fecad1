using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules.Peers;

public class CosineDecayRestartsTests
{
    [Fact]
    public void At_First16_AreKerasValues()
    {
        // keras CosineDecayRestarts(1.0, 2, t_mul=2.0, m_mul=0.5) in float64 with Keras's expressions, in Python.
        double[] expected =
        [
            1.0, 0.5,
            0.5, 0.42677669529663687, 0.25, 0.07322330470336313,
            0.25, 0.24048494156391084, 0.21338834764831843, 0.17283542904563623, 0.125, 0.07716457095436378, 0.03661165235168157, 0.009515058436089158,
            0.125, 0.1237990800252019,
        ];
        var schedule = new CosineDecayRestarts(1.0, 2, 2.0, 0.5);

        for (var e = 0; e < expected.Length; e++)
        {
            schedule.At(e).ShouldBe(expected[e], $"step {e}");
        }
    }

    [Theory]
    [InlineData(0.1, 10L, 1.0, 1.0, 0.0)]
    [InlineData(0.1, 7L, 1.0, 0.8, 0.1)]
    [InlineData(0.1, 10L, 2.0, 1.0, 0.0)]
    [InlineData(0.3, 3L, 2.0, 0.9, 0.05)]
    [InlineData(1.0, 4L, 1.5, 0.7, 0.0)]
    [InlineData(0.2, 1L, 3.0, 1.0, 0.2)]
    [InlineData(0.2, 5L, 10.0, 1.2, 0.0)]
    public void At_IsKerasFormula_WithCyclesFoundExactly(double initial, long first, double tMul, double mMul, double alpha)
    {
        var schedule = new CosineDecayRestarts(initial, first, tMul, mMul, alpha);

        for (var e = 0L; e <= 1500; e++)
        {
            var completed = (double)e / first;

            // The cycle, by walking exact cycle starts (in units of the first cycle: 0, 1, 1 + t, ...).
            var i = 0;
            var start = 0.0;
            var length = 1.0;
            while (completed >= start + length)
            {
                start += length;
                length *= tMul;
                i++;
            }

            double fraction;
            if (tMul == 1.0)
            {
                fraction = completed - i;
            }
            else
            {
                var sumR = (1.0 - Math.Pow(tMul, i)) / (1.0 - tMul);
                fraction = (completed - sumR) / Math.Pow(tMul, i);
            }

            var cosineDecayed = 0.5 * Math.Pow(mMul, i) * (1.0 + Math.Cos(Math.PI * fraction));
            var expected = initial * (((1 - alpha) * cosineDecayed) + alpha);
            schedule.At(e).ShouldBe(expected, $"step {e}");
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    [InlineData(10L)]
    public void At_TMulOne_RestartsEveryFirstDecaySteps(long first)
    {
        var schedule = new CosineDecayRestarts(0.4, first, tMul: 1.0, mMul: 0.5, alpha: 0.25);

        for (var k = 0; k <= 20; k++)
        {
            // Restart k: 0.4 * ((1 - 0.25) * 0.5 * 0.5^k * 2 + 0.25).
            schedule.At(k * first).ShouldBe(0.4 * ((0.75 * Math.Pow(0.5, k)) + 0.25), $"restart {k}");
            if (first > 1)
            {
                schedule.At(((k + 1) * first) - 1).ShouldBeLessThan(schedule.At(k * first));
            }
        }
    }

    [Fact]
    public void At_TMulTwo_RestartsAtTheExactBoundaries()
    {
        // F = 10, t_mul = 2: cycles start at 0, 10, 30, 70, 150, 310, ...
        var schedule = new CosineDecayRestarts(1.0, 10, tMul: 2.0, mMul: 0.5);
        long start = 0, length = 10;
        for (var i = 0; i < 40; i++)
        {
            schedule.At(start).ShouldBe(Math.Pow(0.5, i), $"restart {i} at {start}");
            if (i > 0)
            {
                // The step before a restart is the end of the previous, longer-by-half cycle: near the floor.
                schedule.At(start - 1).ShouldBeLessThan(Math.Pow(0.5, i - 1) * 0.05);
            }

            start += length;
            length *= 2;
        }
    }

    [Fact]
    public void At_WhereKerasLogFallsShort_StillRestarts()
    {
        // F = 1, t_mul = 3: cycles start at 0, 1, 4, 13, 40, 121, ... At 121 Keras's floor(log(243) / log(3)) is 4
        // (log(243) / log(3) = 4.999999999999999), so Keras gives the end of cycle 4: alpha * lr = 0. A restart is 0.5^5.
        (Math.Log(243) / Math.Log(3)).ShouldBeLessThan(5.0);
        var schedule = new CosineDecayRestarts(1.0, 1, tMul: 3.0, mMul: 0.5);

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
    public void At_AlphaFloor_IsNotScaledByMMul()
    {
        var schedule = new CosineDecayRestarts(2.0, 4, tMul: 1.0, mMul: 0.1, alpha: 0.5);

        schedule.At(0).ShouldBe(2.0);
        schedule.At(4).ShouldBe(2.0 * ((0.5 * 0.1) + 0.5));
        schedule.At(400).ShouldBeGreaterThanOrEqualTo(1.0, "the floor alpha * lr stays, however small the peaks get");
        Tolerance.ShouldMatch(schedule.At(2), 2.0 * ((0.5 * 0.5) + 0.5));
    }

    [Fact]
    public void At_HugeSteps_StayFinite()
    {
        var schedule = new CosineDecayRestarts(1.0, 1, tMul: 1.0000001, mMul: 1.0);
        var value = schedule.At(long.MaxValue);
        double.IsFinite(value).ShouldBeTrue();
        value.ShouldBeInRange(0.0, 1.0);
        new CosineDecayRestarts(1.0, 1).At(long.MaxValue).ShouldBeInRange(0.0, 1.0);
    }

    [Fact]
    public void At_NegativeStep_Throws()
        => Should.Throw<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 5).At(-1)).ParamName.ShouldBe("step");

    // ---- refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadInitialLearningRate_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(value, 10), "initialLearningRate", shown, rule);

    [Theory]
    [InlineData(0.9999999999999999, "0.9999999999999999", "must be >= 1.0")]
    [InlineData(0.5, "0.5", "must be >= 1.0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadTMul_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(0.1, 10, value), "tMul", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadMMul_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(0.1, 10, mMul: value), "mMul", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be in [0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in [0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    public void Create_BadAlpha_IsRefused(double value, string shown, string rule)
        => PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(0.1, 10, alpha: value), "alpha", shown, rule);

    [Fact]
    public void Create_BadFirstDecaySteps_IsRefused()
    {
        PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(0.1, 0), "firstDecaySteps", "0", "must be an integer > 0");
        PeerAssert.ShouldRefuse(() => new CosineDecayRestarts(0.1, -1), "firstDecaySteps", "-1", "must be an integer > 0");
    }

    [Fact]
    public void Create_Boundaries_AreAccepted()
    {
        new CosineDecayRestarts(0.0, 1).At(3).ShouldBe(0.0);
        new CosineDecayRestarts(0.5, 1, tMul: 1.0).At(3).ShouldBe(0.5);
        new CosineDecayRestarts(0.5, 2, mMul: 0.0).At(2).ShouldBe(0.0);
        new CosineDecayRestarts(0.5, 2, alpha: 1.0).At(1).ShouldBe(0.5);
        new CosineDecayRestarts(0.5, long.MaxValue).At(long.MaxValue).ShouldBe(0.5);
    }

    // ---- spec ----

    [Theory]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10)")]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, t_mul=1.0, m_mul=0.9, alpha=0.01)")]
    [InlineData("CosineDecayRestarts(initial_learning_rate=1.0, first_decay_steps=1, t_mul=3.0, m_mul=0.5)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
        => PeerAssert.RoundTrips<CosineDecayRestarts>(text);

    [Fact]
    public void Spec_Defaults_AreLeftOut()
    {
        new CosineDecayRestarts(0.1, 10, 2.0, 1.0, 0.0).ToString().ShouldBe("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10)");
        Schedule.Parse("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, t_mul=2, m_mul=1, alpha=0)")
            .ToString().ShouldBe("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10)");
    }

    [Theory]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=2.0)", "first_decay_steps", "expected an integer literal")]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, t_mul=0.5)", "t_mul", "t_mul = 0.5 must be >= 1.0")]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, m_mul=-1)", "m_mul", "m_mul = -1.0 must be >= 0")]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, T_mult=2)", "T_mult", "unknown parameter 'T_mult'")]
    public void Spec_RefusedValue_NamesTheSpecParameter(string text, string parameter, string fragment)
        => PeerAssert.SpecRefuses(text, parameter, fragment);

    // ---- scheduler ----

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => PeerAssert.SchedulerFollows(new CosineDecayRestarts(0.1, 3, 2.0, 0.8, 0.1), 40, [0, 2, 3, 8, 9, 20], [21, 4, 9, 100]);
}
