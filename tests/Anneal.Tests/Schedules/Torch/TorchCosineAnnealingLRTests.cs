using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchCosineAnnealingLRTests
{
    [Fact]
    public void At_IsTorchsClosedForm_RisingAgainPastTMax()
    {
        var schedule = new TorchCosineAnnealingLR(0.1, tMax: 4, etaMin: 0.01);

        for (long e = 0; e <= 20; e++)
        {
            schedule.At(e).ShouldBe(0.01 + ((0.1 - 0.01) * (1 + Math.Cos(Math.PI * e / 4)) / 2), $"epoch {e}");
        }

        schedule.At(4).ShouldBe(0.01);
        Tolerance.ShouldMatch(schedule.At(8), 0.1);
    }

    [Fact]
    public void At_MatchesPyTorchsRecursiveSteps()
    {
        // torch's get_lr after the initial step: at e = T_max+1 (mod 2 T_max) add (base - eta_min)(1 - cos(pi/T))/2;
        // otherwise (1 + cos(pi e/T)) / (1 + cos(pi (e-1)/T)) * (lr - eta_min) + eta_min.
        const double baseLr = 0.1, etaMin = 0.001;
        const long t = 7;
        var schedule = new TorchCosineAnnealingLR(baseLr, t, etaMin);
        var lr = baseLr;
        for (var e = 0L; e <= 5 * t; e++)
        {
            if (e > 0)
            {
                var m = (((e - 1 - t) % (2 * t)) + (2 * t)) % (2 * t);
                lr = m == 0
                    ? lr + ((baseLr - etaMin) * (1 - Math.Cos(Math.PI / t)) / 2)
                    : ((1 + Math.Cos(Math.PI * e / t)) / (1 + Math.Cos(Math.PI * (e - 1) / t)) * (lr - etaMin)) + etaMin;
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-4L, "-4")]
    public void Create_TMaxNotPositive_IsRefused(long value, string shown)
        => ShouldRefuseValue(() => new TorchCosineAnnealingLR(0.1, value), "tMax", shown, "must be an integer > 0");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadEtaMin_IsRefused(double value, string shown, string rule)
        => ShouldRefuseValue(() => new TorchCosineAnnealingLR(0.1, 10, value), "etaMin", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchCosineAnnealingLR(lr, 10), "lr", shown, rule);

    [Fact]
    public void Create_EtaMinAboveLr_IsAccepted()
        => ShouldFollow(new TorchCosineAnnealingLR(0.1, 2, 0.3), [0.1, 0.2, 0.3]);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchCosineAnnealingLR(0.1, 95), "torch.CosineAnnealingLR(lr=0.1, T_max=95)");
        ShouldRoundTrip(new TorchCosineAnnealingLR(0.1, 10, 0.001), "torch.CosineAnnealingLR(lr=0.1, T_max=10, eta_min=0.001)");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.CosineAnnealingLR(lr=0.1, T_max=2.0)", "T_max");
        SpecShouldRefuse("torch.CosineAnnealingLR(lr=0.1, T_max=0)", "T_max", "T_max = 0 must be an integer > 0");
        SpecShouldRefuse("torch.CosineAnnealingLR(lr=0.1, T_max=5, eta_min=-1)", "eta_min", "eta_min = -1.0 must be >= 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchCosineAnnealingLR(0.5, 6), 15);
}
