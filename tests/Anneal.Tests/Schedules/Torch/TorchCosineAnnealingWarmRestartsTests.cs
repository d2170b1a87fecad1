using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchCosineAnnealingWarmRestartsTests
{
    [Theory]
    [InlineData(2L, 2L, 0.0)]
    [InlineData(3L, 1L, 0.01)]
    [InlineData(1L, 3L, 0.0)]
    [InlineData(5L, 2L, 0.05)]
    public void At_MatchesPyTorchsImplicitSteps(long t0, long tMult, double etaMin)
    {
        // torch's step(): T_cur += 1; if T_cur >= T_i: T_cur %= T_i, T_i *= T_mult; then
        // eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2.
        const double baseLr = 0.5;
        var schedule = new TorchCosineAnnealingWarmRestarts(baseLr, t0, tMult, etaMin);
        long tCur = 0, tI = t0;
        for (var e = 0; e <= 400; e++)
        {
            if (e > 0)
            {
                tCur++;
                if (tCur >= tI)
                {
                    tCur %= tI;
                    tI *= tMult;
                }
            }

            Tolerance.ShouldMatch(schedule.At(e), etaMin + ((baseLr - etaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2), $"epoch {e}");
        }
    }

    [Fact]
    public void At_RestartsAtTheCycleBoundaries()
    {
        // T_0 = 2, T_mult = 2: cycles [0, 2), [2, 6), [6, 14).
        var schedule = new TorchCosineAnnealingWarmRestarts(0.5, 2, 2);

        ShouldFollow(schedule, [0.5, 0.25, 0.5, 0.42677669529663687, 0.25, 0.07322330470336313, 0.5]);
        schedule.At(14).ShouldBe(0.5);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    public void Create_T0NotPositive_IsRefused(long value, string shown)
        => ShouldRefuseValue(() => new TorchCosineAnnealingWarmRestarts(0.5, value), "t0", shown, "must be an integer > 0");

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-2L, "-2")]
    public void Create_TMultBelowOne_IsRefused(long value, string shown)
        => ShouldRefuseValue(() => new TorchCosineAnnealingWarmRestarts(0.5, 2, value), "tMult", shown, "must be an integer >= 1");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadEtaMin_IsRefused(double value, string shown, string rule)
        => ShouldRefuseValue(() => new TorchCosineAnnealingWarmRestarts(0.5, 2, 1, value), "etaMin", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchCosineAnnealingWarmRestarts(lr, 2), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchCosineAnnealingWarmRestarts(0.05, 20), "torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=20)");
        ShouldRoundTrip(new TorchCosineAnnealingWarmRestarts(0.05, 2, 3, 0.001), "torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=2, T_mult=3, eta_min=0.001)");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=2.0)", "T_0");
        IntegerGivenAFloatShouldBeRefused("torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=2, T_mult=2.0)", "T_mult");
        SpecShouldRefuse("torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=2, T_mult=0)", "T_mult", "T_mult = 0 must be an integer >= 1");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchCosineAnnealingWarmRestarts(0.5, 2, 2), 30);
}
