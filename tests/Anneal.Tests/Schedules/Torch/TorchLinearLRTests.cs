using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchLinearLRTests
{
    [Fact]
    public void At_PyTorchDocumentedExample_IsOffByOneThere()
    {
        // torch's docstring (lr 0.05, start_factor 0.05, total_iters 40) lists 0.003687, 0.004875, 0.006062, 0.00725
        // as epochs 0..3; they are epochs 1..4 (SPEC §17): 0.05 * (0.05 + 0.95 * e / 40).
        var schedule = new TorchLinearLR(0.05, startFactor: 0.05, totalIters: 40);

        Tolerance.ShouldMatch(schedule.At(0), 0.0025);
        ShouldFollow(schedule, [0.0036875, 0.004875, 0.0060625, 0.00725], first: 1);
        Tolerance.ShouldMatch(schedule.At(40), 0.05);
        Tolerance.ShouldMatch(schedule.At(100), 0.05);
    }

    [Fact]
    public void At_IsTorchsClosedForm()
    {
        var schedule = new TorchLinearLR(0.5, startFactor: 1.0, endFactor: 0.25, totalIters: 6);

        for (long e = 0; e <= 20; e++)
        {
            schedule.At(e).ShouldBe(0.5 * (1.0 + ((0.25 - 1.0) * Math.Min(6, e) / 6)), $"epoch {e}");
        }
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: lr * start at 0; hold after total_iters; else
        // lr * (1 + (end - start) / (total_iters * start + (e - 1) * (end - start))).
        const double start = 1.0 / 3, end = 1.0;
        const long total = 5;
        var schedule = new TorchLinearLR(0.3);
        var lr = 0.3;
        for (var e = 0L; e <= 12; e++)
        {
            if (e == 0)
            {
                lr *= start;
            }
            else if (e <= total)
            {
                lr *= 1.0 + ((end - start) / ((total * start) + ((e - 1) * (end - start))));
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Fact]
    public void Defaults_AreTorchs()
    {
        var schedule = new TorchLinearLR(1.0);

        schedule.StartFactor.ShouldBe(1.0 / 3);
        schedule.EndFactor.ShouldBe(1.0);
        schedule.TotalIters.ShouldBe(5);
    }

    [Theory]
    [InlineData(0.0, "0.0", "must be in (0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in (0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadStartFactor_IsRefused(double value, string shown, string rule)
        => ShouldRefuseValue(() => new TorchLinearLR(0.5, startFactor: value), "startFactor", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be in [0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in [0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadEndFactor_IsRefused(double value, string shown, string rule)
        => ShouldRefuseValue(() => new TorchLinearLR(0.5, endFactor: value), "endFactor", shown, rule);

    [Fact]
    public void Create_FactorBoundaries_AreAccepted()
    {
        ShouldFollow(new TorchLinearLR(1.0, 5e-324, 0.0, 1), [5e-324, 0.0]);
        ShouldFollow(new TorchLinearLR(1.0, 1.0, 1.0, 1), [1.0, 1.0]);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    public void Create_TotalItersNotPositive_IsRefused(long value, string shown)
        => ShouldRefuseValue(() => new TorchLinearLR(0.5, totalIters: value), "totalIters", shown, "must be an integer > 0");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchLinearLR(lr), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchLinearLR(0.05), "torch.LinearLR(lr=0.05)");
        ShouldRoundTrip(new TorchLinearLR(0.05, 0.1, 0.5, 10), "torch.LinearLR(lr=0.05, start_factor=0.1, end_factor=0.5, total_iters=10)");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.LinearLR(lr=0.05, total_iters=2.0)", "total_iters");
        SpecShouldRefuse("torch.LinearLR(lr=0.05, start_factor=0)", "start_factor", "start_factor = 0.0 must be in (0.0, 1.0]");
        SpecShouldRefuse("torch.LinearLR(lr=0.05, total_iters=0)", "total_iters", "total_iters = 0 must be an integer > 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchLinearLR(0.5, 0.2, 1.0, 8), 12);
}
