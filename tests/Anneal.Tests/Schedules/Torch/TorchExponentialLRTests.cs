using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchExponentialLRTests
{
    [Fact]
    public void At_IsLrTimesGammaToTheEpoch()
    {
        var schedule = new TorchExponentialLR(0.05, gamma: 0.9);

        for (long e = 0; e <= 100; e++)
        {
            schedule.At(e).ShouldBe(0.05 * Math.Pow(0.9, e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: lr *= gamma every step after the initial one.
        var schedule = new TorchExponentialLR(0.05, gamma: 0.9);
        var lr = 0.05;
        for (var e = 0; e <= 300; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
            lr *= 0.9;
        }
    }

    [Fact]
    public void At_GammaOneOrAboveAndZero_AreAccepted()
    {
        new TorchExponentialLR(0.5, 1.0).At(1000).ShouldBe(0.5);
        ShouldFollow(new TorchExponentialLR(1e-7, 10.0), [1e-7, 1e-6, 1e-5, 1e-4]);
        ShouldFollow(new TorchExponentialLR(0.5, 0.0), [0.5, 0.0, 0.0]);
    }

    [Fact]
    public void At_WhereTheRateOverflows_IsRefused()
    {
        var schedule = new TorchExponentialLR(1.0, 2.0);

        schedule.At(1023).ShouldBe(Math.Pow(2, 1023));
        ShouldRefuse<ArgumentOutOfRangeException>(() => schedule.At(1024), "step", "step = 1024", "overflows a double");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(-0.9, "-0.9", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadGamma_IsRefused(double gamma, string shown, string rule)
        => ShouldRefuseValue(() => new TorchExponentialLR(0.5, gamma), "gamma", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchExponentialLR(lr, 0.9), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips_AndGammaIsRequired()
    {
        ShouldRoundTrip(new TorchExponentialLR(0.05, 0.9), "torch.ExponentialLR(lr=0.05, gamma=0.9)");
        SpecShouldRefuse("torch.ExponentialLR(lr=0.05)", "gamma", "missing required parameter 'gamma'");
        SpecShouldRefuse("torch.ExponentialLR(lr=0.05, gamma=-0.5)", "gamma", "gamma = -0.5 must be >= 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchExponentialLR(0.5, 0.9), 20);
}
