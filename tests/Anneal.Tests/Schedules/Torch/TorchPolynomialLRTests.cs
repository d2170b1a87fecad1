using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchPolynomialLRTests
{
    [Fact]
    public void At_DefaultsDecayLinearlyToZeroInFiveEpochs()
        => ShouldFollow(new TorchPolynomialLR(0.5), [0.5, 0.4, 0.3, 0.2, 0.1, 0.0, 0.0, 0.0]);

    [Fact]
    public void At_PyTorchDocumentedExample_IsOffByOneThere()
    {
        // torch's docstring (lr 0.05, total_iters 50, power 0.9) lists 0.0490, 0.0481, 0.0472 (truncated to 4 digits)
        // as epochs 0..2; they are epochs 1..3: 0.05 * (1 - e / 50) ** 0.9. Epoch 0 is 0.05 and the rate is 0 from 50.
        var schedule = new TorchPolynomialLR(0.05, totalIters: 50, power: 0.9);

        schedule.At(0).ShouldBe(0.05);
        schedule.At(1).ShouldBe(0.0490, 1e-4);
        schedule.At(2).ShouldBe(0.0481, 1e-4);
        schedule.At(3).ShouldBe(0.0472, 1e-4);
        Math.Floor(schedule.At(1) * 1e4).ShouldBe(490);
        Math.Floor(schedule.At(2) * 1e4).ShouldBe(481);
        Math.Floor(schedule.At(3) * 1e4).ShouldBe(472);
        schedule.At(50).ShouldBe(0.0);
        schedule.At(1000).ShouldBe(0.0);
    }

    [Fact]
    public void At_IsTorchsClosedForm()
    {
        // base * (1.0 - min(total_iters, e) / total_iters) ** power.
        var schedule = new TorchPolynomialLR(0.3, totalIters: 7, power: 2.5);

        for (long e = 0; e <= 20; e++)
        {
            schedule.At(e).ShouldBe(0.3 * Math.Pow(1.0 - ((double)Math.Min(7, e) / 7), 2.5), $"epoch {e}");
        }
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: unchanged at the initial step and after total_iters; else
        // lr * ((1 - e/T) / (1 - (e-1)/T)) ** power.
        const double power = 0.9, t = 10;
        var schedule = new TorchPolynomialLR(0.3, 10, power);
        var lr = 0.3;
        for (var e = 0; e <= 15; e++)
        {
            if (e > 0 && e <= t)
            {
                lr *= Math.Pow((1.0 - (e / t)) / (1.0 - ((e - 1) / t)), power);
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-5L, "-5")]
    public void Create_TotalItersNotPositive_IsRefused(long value, string shown)
        => ShouldRefuseValue(() => new TorchPolynomialLR(0.5, value), "totalIters", shown, "must be an integer > 0");

    [Theory]
    [InlineData(0.0, "0.0", "must be > 0")]
    [InlineData(-1.0, "-1.0", "must be > 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadPower_IsRefused(double power, string shown, string rule)
        => ShouldRefuseValue(() => new TorchPolynomialLR(0.5, 5, power), "power", shown, rule);

    [Fact]
    public void Create_TinyPower_IsAccepted()
        => new TorchPolynomialLR(0.5, 5, 5e-324).At(5).ShouldBe(0.0);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchPolynomialLR(lr), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchPolynomialLR(0.05), "torch.PolynomialLR(lr=0.05)");
        ShouldRoundTrip(new TorchPolynomialLR(0.05, 50, 0.9), "torch.PolynomialLR(lr=0.05, total_iters=50, power=0.9)", steps: 60);
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.PolynomialLR(lr=0.05, total_iters=2.0)", "total_iters");
        SpecShouldRefuse("torch.PolynomialLR(lr=0.05, power=0)", "power", "power = 0.0 must be > 0");
        SpecShouldRefuse("torch.PolynomialLR(lr=0.05, total_iters=0)", "total_iters", "total_iters = 0 must be an integer > 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchPolynomialLR(0.5, 8, 2.0), 12);
}
