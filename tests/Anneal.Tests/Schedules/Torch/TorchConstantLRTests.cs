using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchConstantLRTests
{
    [Fact]
    public void At_PyTorchDocumentedExample()
    {
        // lr = 0.025 for epochs 0..39, 0.05 from epoch 40 on.
        var schedule = new TorchConstantLR(0.05, factor: 0.5, totalIters: 40);

        for (var e = 0; e < 60; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), e < 40 ? 0.025 : 0.05, $"epoch {e}");
        }
    }

    [Fact]
    public void At_IsTorchsClosedForm()
    {
        // base * (factor + (e >= total_iters) * (1 - factor)).
        var schedule = new TorchConstantLR(0.3, factor: 0.7, totalIters: 3);

        for (long e = 0; e <= 10; e++)
        {
            schedule.At(e).ShouldBe(0.3 * (0.7 + ((e >= 3 ? 1 : 0) * (1 - 0.7))), $"epoch {e}");
        }
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: lr *= factor at epoch 0, lr *= 1.0 / factor at total_iters, unchanged otherwise.
        var schedule = new TorchConstantLR(0.3);
        var lr = 0.3;
        for (var e = 0; e <= 12; e++)
        {
            if (e == 0)
            {
                lr *= 1.0 / 3;
            }
            else if (e == 5)
            {
                lr *= 1.0 / (1.0 / 3);
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Fact]
    public void Defaults_AreTorchs()
    {
        var schedule = new TorchConstantLR(1.0);

        schedule.Factor.ShouldBe(1.0 / 3);
        schedule.TotalIters.ShouldBe(5);
        ShouldFollow(schedule, [1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0, 1.0]);
    }

    [Theory]
    [InlineData(5e-324)]
    [InlineData(1.0)]
    public void Create_FactorBoundaries_AreAccepted(double factor)
    {
        var schedule = new TorchConstantLR(0.5, factor, totalIters: 1);

        schedule.At(0).ShouldBe(0.5 * factor);
        schedule.At(1).ShouldBe(0.5);
    }

    [Theory]
    [InlineData(0.0, "0.0", "must be in (0.0, 1.0]")]
    [InlineData(-0.5, "-0.5", "must be in (0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in (0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadFactor_IsRefused(double factor, string shown, string rule)
        => ShouldRefuseValue(() => new TorchConstantLR(0.5, factor), "factor", shown, rule);

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-3L, "-3")]
    public void Create_TotalItersNotPositive_IsRefused(long totalIters, string shown)
        => ShouldRefuseValue(() => new TorchConstantLR(0.5, 0.5, totalIters), "totalIters", shown, "must be an integer > 0");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchConstantLR(lr), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchConstantLR(0.05), "torch.ConstantLR(lr=0.05)");
        ShouldRoundTrip(new TorchConstantLR(0.05, 0.5, 40), "torch.ConstantLR(lr=0.05, factor=0.5, total_iters=40)", steps: 50);
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.ConstantLR(lr=0.05, total_iters=2.0)", "total_iters");
        SpecShouldRefuse("torch.ConstantLR(lr=0.05, factor=0)", "factor", "factor = 0.0 must be in (0.0, 1.0]");
        SpecShouldRefuse("torch.ConstantLR(lr=0.05, total_iters=0)", "total_iters", "total_iters = 0 must be an integer > 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchConstantLR(0.5, 0.25, 4), 10);
}
