using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchCyclicLRTests
{
    [Fact]
    public void At_PyTorchUnitTestNumbers_Triangular2()
    {
        var schedule = new TorchCyclicLR(1, baseLr: 1, maxLr: 5, stepSizeUp: 4, mode: CyclicMode.Triangular2);

        ShouldFollow(schedule, [1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5, 3, 2.5, 2, 1.5, 1, 1.25, 1.5, 1.75, 2, 1.75]);
    }

    [Fact]
    public void MomentumAt_FallsAsTheRateRises_Triangular2()
    {
        // momentum = max_momentum - ((max_momentum - base_momentum) * height) * scale, with base 0.8 and max 0.9:
        // the first cycle (scale 1) goes 0.9 → 0.8 at the peak → 0.9; the second (scale 0.5) only down to 0.85.
        var schedule = new TorchCyclicLR(1, baseLr: 1, maxLr: 5, stepSizeUp: 4, mode: CyclicMode.Triangular2);

        schedule.CyclesMomentum.ShouldBeTrue();
        double[] expected = [0.9, 0.875, 0.85, 0.825, 0.8, 0.825, 0.85, 0.875, 0.9, 0.8875, 0.875, 0.8625, 0.85, 0.8625, 0.875, 0.8875, 0.9];
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.MomentumAt(s), expected[s], $"step {s}");
        }

        for (var s = 1; s <= 40; s++)
        {
            var rateRises = schedule.At(s) > schedule.At(s - 1);
            var momentumFalls = schedule.MomentumAt(s) < schedule.MomentumAt(s - 1);
            momentumFalls.ShouldBe(rateRises, $"step {s}");
        }
    }

    [Theory]
    [InlineData(CyclicMode.Triangular, 4L, null, 1.0)]
    [InlineData(CyclicMode.Triangular2, 3L, 5L, 1.0)]
    [InlineData(CyclicMode.ExpRange, 5L, 2L, 0.97)]
    public void AtAndMomentumAt_FollowPyTorchsGetLr(CyclicMode mode, long up, long? down, double gamma)
    {
        var schedule = new TorchCyclicLR(0.5, 0.01, 0.1, up, down, mode, gamma, baseMomentum: 0.7, maxMomentum: 0.95);

        for (var i = 0; i <= 60; i++)
        {
            var (lr, momentum) = Reference(0.01, 0.1, 0.7, 0.95, up, down ?? up, i, (cycle, step) => mode switch
            {
                CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
                CyclicMode.ExpRange => Math.Pow(gamma, step),
                _ => 1.0,
            });
            Tolerance.ShouldMatch(schedule.At(i), lr, $"lr at {i}");
            Tolerance.ShouldMatch(schedule.MomentumAt(i), momentum, $"momentum at {i}");
        }
    }

    [Theory]
    [InlineData(CyclicScaleMode.Cycle)]
    [InlineData(CyclicScaleMode.Iterations)]
    public void AtAndMomentumAt_CustomScaleFn_UseTheChosenScaleMode(CyclicScaleMode scaleMode)
    {
        var schedule = new TorchCyclicLR(0.5, 0.5, 1.0, 3, scaleFn: "0.9 ** x", scaleMode: scaleMode);

        for (var i = 0; i <= 40; i++)
        {
            var (lr, momentum) = Reference(0.5, 1.0, 0.8, 0.9, 3, 3, i, (cycle, step) => Math.Pow(0.9, scaleMode == CyclicScaleMode.Cycle ? cycle : step));
            Tolerance.ShouldMatch(schedule.At(i), lr, $"lr at {i}");
            Tolerance.ShouldMatch(schedule.MomentumAt(i), momentum, $"momentum at {i}");
        }
    }

    [Fact]
    public void At_LrParameter_DoesNotChangeTheValues()
    {
        var a = new TorchCyclicLR(0.001, 1, 5, 4);
        var b = new TorchCyclicLR(7.0, 1, 5, 4);

        for (var s = 0; s < 20; s++)
        {
            a.At(s).ShouldBe(b.At(s));
            a.MomentumAt(s).ShouldBe(b.MomentumAt(s));
        }
    }

    [Fact]
    public void Defaults_AreTorchs()
    {
        var schedule = new TorchCyclicLR(0.1, 0.01, 0.1);

        schedule.StepSizeUp.ShouldBe(2000);
        schedule.StepSizeDown.ShouldBeNull();
        schedule.Mode.ShouldBe(CyclicMode.Triangular);
        schedule.Gamma.ShouldBe(1.0);
        schedule.CycleMomentum.ShouldBeTrue();
        schedule.BaseMomentum.ShouldBe(0.8);
        schedule.MaxMomentum.ShouldBe(0.9);
        Tolerance.ShouldMatch(schedule.At(2000), 0.1);
        Tolerance.ShouldMatch(schedule.MomentumAt(2000), 0.8);
        Tolerance.ShouldMatch(schedule.At(4000), 0.01);
    }

    [Fact]
    public void CycleMomentumFalse_HasNoMomentum()
    {
        var schedule = new TorchCyclicLR(0.1, 0.01, 0.1, 4, cycleMomentum: false);

        schedule.CyclesMomentum.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => schedule.MomentumAt(0));
        schedule.CreateScheduler().LastMomentum.ShouldBeNull();
    }

    [Fact]
    public void MomentumAt_NegativeStep_IsRefused()
        => ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchCyclicLR(0.1, 0.01, 0.1, 4).MomentumAt(-1), "step");

    [Theory]
    [InlineData("baseLr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("baseLr", double.NaN, "nan", "must be a finite number")]
    [InlineData("baseLr", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("baseLr", double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData("maxLr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("maxLr", double.NaN, "nan", "must be a finite number")]
    [InlineData("maxLr", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("maxLr", double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData("gamma", 0.0, "0.0", "must be > 0")]
    [InlineData("gamma", -0.5, "-0.5", "must be > 0")]
    [InlineData("gamma", double.NaN, "nan", "must be a finite number")]
    [InlineData("gamma", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("baseMomentum", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("baseMomentum", double.NaN, "nan", "must be a finite number")]
    [InlineData("baseMomentum", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("maxMomentum", -0.1, "-0.1", "must be >= 0")]
    [InlineData("maxMomentum", double.NaN, "nan", "must be a finite number")]
    [InlineData("maxMomentum", double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData("lr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("lr", double.NaN, "nan", "must be a finite number")]
    [InlineData("lr", double.PositiveInfinity, "inf", "must be a finite number")]
    public void Create_BadReal_IsRefused(string param, double value, string shown, string rule)
        => ShouldRefuseValue(
            () => _ = new TorchCyclicLR(
                param == "lr" ? value : 0.1,
                param == "baseLr" ? value : 0.01,
                param == "maxLr" ? value : 0.1,
                4,
                gamma: param == "gamma" ? value : 1.0,
                baseMomentum: param == "baseMomentum" ? value : 0.8,
                maxMomentum: param == "maxMomentum" ? value : 0.9),
            param,
            shown,
            rule);

    [Fact]
    public void Create_BadStepSizes_AreRefused()
    {
        ShouldRefuseValue(() => new TorchCyclicLR(0.1, 0.01, 0.1, 0), "stepSizeUp", "0", "must be an integer > 0");
        ShouldRefuseValue(() => new TorchCyclicLR(0.1, 0.01, 0.1, 4, stepSizeDown: 0), "stepSizeDown", "0", "must be an integer > 0");
    }

    [Fact]
    public void Create_BadScaleFn_IsRefused()
    {
        ShouldRefuse<ArgumentException>(() => new TorchCyclicLR(0.1, 0.01, 0.1, 4, scaleFn: "x **"), "scaleFn", "is not a valid Python expression");
        ShouldRefuse<ArgumentException>(() => new TorchCyclicLR(0.1, 0.01, 0.1, 4, scaleFn: "1 / (x - 1)"), "scaleFn", "fails at x = 1");
    }

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchCyclicLR(0.1, 0.01, 0.1), "torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1)");
        ShouldRoundTrip(
            new TorchCyclicLR(0.1, 0.5, 1.0, 15, 5, CyclicMode.ExpRange, 0.99, "0.95 ** x", CyclicScaleMode.Iterations, false, 0.7, 0.95),
            "torch.CyclicLR(lr=0.1, base_lr=0.5, max_lr=1.0, step_size_up=15, step_size_down=5, mode='exp_range', gamma=0.99, scale_fn='0.95 ** x', scale_mode='iterations', cycle_momentum=False, base_momentum=0.7, max_momentum=0.95)");
        ShouldRoundTrip(new TorchCyclicLR(0.1, 1, 5, 4, mode: CyclicMode.Triangular2), "torch.CyclicLR(lr=0.1, base_lr=1.0, max_lr=5.0, step_size_up=4, mode='triangular2')");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, step_size_up=2.0)", "step_size_up");
        SpecShouldRefuse("torch.CyclicLR(lr=0.1, base_lr=-0.01, max_lr=0.1)", "base_lr", "base_lr = -0.01 must be >= 0");
        SpecShouldRefuse("torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, gamma=0)", "gamma", "gamma = 0.0 must be > 0");
        SpecShouldRefuse("torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, base_momentum=-1)", "base_momentum", "base_momentum = -1.0 must be >= 0");
        SpecShouldRefuse("torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, mode='triangle')", "mode", "expected one of 'triangular', 'triangular2', 'exp_range'");
        SpecShouldRefuse("torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, scale_fn='1 / (x - 1)')", "scale_fn", "fails at x = 1");
    }

    [Fact]
    public void Scheduler_ReportsTheMomentum()
        => SchedulerShouldFollow(new TorchCyclicLR(0.1, 0.01, 0.1, 3, mode: CyclicMode.Triangular2), 20);

    /// <summary>torch's CyclicLR.get_lr written out for one param group.</summary>
    private static (double Lr, double Momentum) Reference(
        double baseLr, double maxLr, double baseMomentum, double maxMomentum, long up, long down, long i, Func<long, long, double> scale)
    {
        var totalSize = (double)up + down;
        var stepRatio = up / totalSize;
        var cycle = (long)Math.Floor(1 + (i / totalSize));
        var x = 1.0 + (i / totalSize) - cycle;
        var scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        var f = scale(cycle, i);
        var lr = baseLr + ((maxLr - baseLr) * scaleFactor * f);
        var momentum = maxMomentum - ((maxMomentum - baseMomentum) * scaleFactor * f);
        return (lr, momentum);
    }
}
