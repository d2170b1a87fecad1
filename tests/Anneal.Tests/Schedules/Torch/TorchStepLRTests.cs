using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchStepLRTests
{
    [Fact]
    public void At_PyTorchDocumentedExample()
    {
        // lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 60; 0.0005 if 60 <= epoch < 90.
        var schedule = new TorchStepLR(0.05, stepSize: 30);

        for (var e = 0; e < 90; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), e < 30 ? 0.05 : e < 60 ? 0.005 : 0.0005, $"epoch {e}");
        }
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: the group lr is multiplied by gamma when e > 0 and e % step_size == 0.
        var schedule = new TorchStepLR(0.3, stepSize: 3, gamma: 0.7);
        var lr = 0.3;
        for (var e = 0; e <= 200; e++)
        {
            if (e > 0 && e % 3 == 0)
            {
                lr *= 0.7;
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Fact]
    public void At_ClosedForm_IsLrTimesGammaToTheFloorQuotient()
    {
        var schedule = new TorchStepLR(0.5, stepSize: 2, gamma: 0.8);

        for (long e = 0; e <= 100; e++)
        {
            schedule.At(e).ShouldBe(0.5 * Math.Pow(0.8, e / 2), $"epoch {e}");
        }
    }

    [Fact]
    public void At_BeyondTheFirst64Decays_StillIsLrTimesGammaToTheFloorQuotient()
    {
        // The first 64 decays come from a table; later ones from the formula. Both give the formula's doubles.
        var schedule = new TorchStepLR(0.5, stepSize: 1, gamma: 1.01);

        for (long e = 0; e <= 300; e++)
        {
            schedule.At(e).ShouldBe(0.5 * Math.Pow(1.01, e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_GammaOneOrAbove_IsAcceptedAsInPyTorch()
    {
        new TorchStepLR(0.5, 2, gamma: 1.0).At(100).ShouldBe(0.5);
        ShouldFollow(new TorchStepLR(1.0, 2, gamma: 2.0), [1, 1, 2, 2, 4, 4, 8]);
        new TorchStepLR(0.5, 2, gamma: 0.0).At(2).ShouldBe(0.0);
    }

    [Fact]
    public void At_WhereGammaAboveOneOverflows_IsRefused()
    {
        var schedule = new TorchStepLR(1.0, 1, gamma: 10.0);

        schedule.At(308).ShouldBe(1e308);
        ShouldRefuse<ArgumentOutOfRangeException>(() => schedule.At(309), "step", "step = 309", "overflows a double", "gamma = 10.0");
        var scheduler = schedule.CreateScheduler(lastEpoch: 307);
        scheduler.LastLR.ShouldBe(1e308);
        Should.Throw<InvalidOperationException>(() => scheduler.Step());
        scheduler.LastEpoch.ShouldBe(308);
    }

    [Fact]
    public void Defaults_AreTorchs()
    {
        var schedule = new TorchStepLR(1.0, 30);

        schedule.Gamma.ShouldBe(0.1);
        schedule.At(29).ShouldBe(1.0);
        Tolerance.ShouldMatch(schedule.At(30), 0.1);
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
        => ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchStepLR(0.5, 2).At(-1), "step");

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Create_StepSizeNotPositive_IsRefused(long stepSize, string shown)
        => ShouldRefuseValue(() => new TorchStepLR(0.5, stepSize), "stepSize", shown, "must be an integer > 0");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(-0.1, "-0.1", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadGamma_IsRefused(double gamma, string shown, string rule)
        => ShouldRefuseValue(() => new TorchStepLR(0.5, 2, gamma), "gamma", shown, rule);

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchStepLR(lr, 2), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchStepLR(0.05, 30), "torch.StepLR(lr=0.05, step_size=30)");
        ShouldRoundTrip(new TorchStepLR(0.5, 2, 0.8), "torch.StepLR(lr=0.5, step_size=2, gamma=0.8)");
        new TorchStepLR(0.5, 2, 0.8).ToJson().ShouldBe("{\"type\":\"torch.StepLR\",\"lr\":0.5,\"step_size\":2,\"gamma\":0.8}");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.StepLR(lr=0.5, step_size=2.0)", "step_size");
        SpecShouldRefuse("torch.StepLR(lr=0.5, step_size=0)", "step_size", "step_size = 0 must be an integer > 0");
        SpecShouldRefuse("torch.StepLR(lr=0.5, step_size=2, gamma=-1)", "gamma", "gamma = -1.0 must be >= 0");
        SpecShouldRefuse("torch.StepLR(step_size=2)", "lr", "missing required parameter 'lr'");
        SpecShouldRefuse("torch.StepLR(learning_rate=0.5, step_size=2)", "learning_rate", "unknown parameter 'learning_rate'");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchStepLR(0.5, 3, 0.5), 20);
}
