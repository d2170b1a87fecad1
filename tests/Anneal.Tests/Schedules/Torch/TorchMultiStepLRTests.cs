using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchMultiStepLRTests
{
    [Fact]
    public void At_PyTorchDocumentedExample()
    {
        // lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 80; 0.0005 if epoch >= 80.
        var schedule = new TorchMultiStepLR(0.05, [30, 80]);

        for (var e = 0; e < 120; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), e < 30 ? 0.05 : e < 80 ? 0.005 : 0.0005, $"epoch {e}");
        }
    }

    [Fact]
    public void At_RepeatedMilestone_AppliesGammaOncePerRepetition()
    {
        // milestones [2, 2, 5]: gamma ** 2 from epoch 2 (lr * 0.01), gamma ** 3 from epoch 5.
        var schedule = new TorchMultiStepLR(1.0, [2, 2, 5]);

        ShouldFollow(schedule, [1.0, 1.0, 0.01, 0.01, 0.01, 0.001, 0.001]);
        schedule.At(2).ShouldBe(1.0 * Math.Pow(0.1, 2));
        schedule.At(5).ShouldBe(1.0 * Math.Pow(0.1, 3));
    }

    [Fact]
    public void At_MatchesPyTorchsChainableSteps()
    {
        // torch's get_lr: at an epoch listed c times, the group lr is multiplied by gamma ** c.
        long[] milestones = [3, 7, 7, 7, 12, 20, 20];
        var schedule = new TorchMultiStepLR(0.4, milestones, gamma: 0.5);
        var lr = 0.4;
        for (var e = 0; e <= 30; e++)
        {
            var count = milestones.Count(m => m == e);
            if (count > 0)
            {
                lr *= Math.Pow(0.5, count);
            }

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Fact]
    public void At_UnsortedMilestones_AreCountedLikeACounter()
    {
        var shuffled = new TorchMultiStepLR(1.0, [5, 2, 2], 0.5);

        ShouldFollow(shuffled, [1, 1, 0.25, 0.25, 0.25, 0.125]);
        shuffled.Milestones.ShouldBe([2, 2, 5]);
        shuffled.ShouldBe(new TorchMultiStepLR(1.0, [2, 2, 5], 0.5));
    }

    [Fact]
    public void At_MilestoneZero_AppliesFromTheStart_AndEmptyIsConstant()
    {
        ShouldFollow(new TorchMultiStepLR(1.0, [0], 0.5), [0.5, 0.5]);
        ShouldFollow(new TorchMultiStepLR(1.0, [], 0.5), [1, 1, 1]);
        new TorchMultiStepLR(1.0, [3], 0.0).At(3).ShouldBe(0.0);
        new TorchMultiStepLR(1.0, [3], 3.0).At(3).ShouldBe(3.0);
    }

    [Fact]
    public void Create_CopiesTheMilestones()
    {
        long[] milestones = [2, 4];
        var schedule = new TorchMultiStepLR(1.0, milestones);
        milestones[0] = 100;

        Tolerance.ShouldMatch(schedule.At(2), 0.1);
    }

    [Theory]
    [InlineData(new long[] { -1 }, "-1", "at index 0 must be >= 0")]
    [InlineData(new long[] { 3, 3, -2 }, "-2", "at index 2 must be >= 0")]
    public void Create_NegativeMilestone_IsRefused(long[] milestones, string shown, string rule)
        => ShouldRefuseValue(() => new TorchMultiStepLR(1.0, milestones), "milestones", shown, rule);

    [Fact]
    public void Create_NullMilestones_IsRefused()
        => Should.Throw<ArgumentNullException>(() => new TorchMultiStepLR(1.0, null!)).ParamName.ShouldBe("milestones");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadGamma_IsRefused(double gamma, string shown, string rule)
        => ShouldRefuseValue(() => new TorchMultiStepLR(1.0, [2], gamma), "gamma", shown, rule);

    [Fact]
    public void Create_GammaWhosePowerOverflows_IsRefused()
    {
        // 1e200 ** 2 overflows; one milestone is fine.
        new TorchMultiStepLR(1.0, [1], 1e200).At(1).ShouldBe(1e200);
        ShouldRefuseValue(() => new TorchMultiStepLR(1.0, [1, 2], 1e200), "gamma", "1e+200", "makes lr * gamma ** 2 overflow a double");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchMultiStepLR(lr, [2]), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips_WithRepeatedMilestones()
    {
        ShouldRoundTrip(new TorchMultiStepLR(0.05, [30, 80]), "torch.MultiStepLR(lr=0.05, milestones=[30, 80])");
        ShouldRoundTrip(new TorchMultiStepLR(1.0, [2, 2, 5], 0.5), "torch.MultiStepLR(lr=1.0, milestones=[2, 2, 5], gamma=0.5)");
        Schedule.Parse("torch.MultiStepLR(lr=1.0, milestones=[5, 2, 2], gamma=0.5)").ToString()
            .ShouldBe("torch.MultiStepLR(lr=1.0, milestones=[2, 2, 5], gamma=0.5)");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        SpecShouldRefuse("torch.MultiStepLR(lr=1.0, milestones=[2.0])", "milestones", "expected a list of integer literals");
        SpecShouldRefuse("torch.MultiStepLR(lr=1.0, milestones=[2, -1])", "milestones", "at index 1 must be >= 0");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchMultiStepLR(0.5, [2, 2, 5, 9]), 20);
}
