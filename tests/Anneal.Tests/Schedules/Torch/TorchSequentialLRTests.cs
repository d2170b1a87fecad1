using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchSequentialLRTests
{
    // DESIGN.md's example; total_iters=5 is torch.LinearLR's default, so the canonical text leaves it out.
    private const string DesignExample =
        "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1, total_iters=5), torch.CosineAnnealingLR(T_max=95)], milestones=[5])";

    private const string Canonical =
        "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1), torch.CosineAnnealingLR(T_max=95)], milestones=[5])";

    [Fact]
    public void At_PyTorchDocumentedExample()
    {
        // ConstantLR(factor=0.1, total_iters=20) then ExponentialLR(gamma=0.9) at 20, lr 0.05:
        // 0.005 for epochs 0..19, then 0.05, 0.045, 0.0405, ... (the exponential counted from 0 at its milestone).
        var schedule = new TorchSequentialLR(0.05, [new TorchConstantLR(0.05, 0.1, 20), new TorchExponentialLR(0.05, 0.9)], [20]);

        for (var e = 0; e < 60; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), e < 20 ? 0.005 : 0.05 * Math.Pow(0.9, e - 20), $"epoch {e}");
        }

        ShouldFollow(schedule, [0.05, 0.045, 0.0405], first: 20);
    }

    [Fact]
    public void At_WarmupThenCosine_EachCountedFromItsMilestone()
    {
        var schedule = (TorchSequentialLR)Schedule.Parse(DesignExample);

        for (var e = 0; e <= 200; e++)
        {
            var expected = e < 5
                ? 0.1 * (0.1 + (0.9 * e / 5))
                : 0.1 * (1 + Math.Cos(Math.PI * (e - 5) / 95)) / 2;
            Tolerance.ShouldMatch(schedule.At(e), expected, $"epoch {e}");
        }
    }

    [Fact]
    public void At_ThreeSchedulers()
    {
        var schedule = Schedule.Parse(
            "torch.SequentialLR(lr=1.0, schedulers=[torch.ConstantLR(factor=0.5, total_iters=10), torch.StepLR(step_size=2, gamma=0.5), torch.LambdaLR(lr_lambda='epoch + 1')], milestones=[3, 7])");

        ShouldFollow(schedule, [0.5, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 2, 3]);
    }

    [Fact]
    public void MultiplicativeFirst_StepsLikeItsOwnScheduler()
    {
        var schedule = Schedule.Parse("torch.SequentialLR(lr=1.0, schedulers=[torch.MultiplicativeLR(lr_lambda='0.9'), torch.ConstantLR(factor=0.5)], milestones=[4])");

        ShouldFollow(schedule, [1, 0.9, 0.81, 0.729, 0.5]);
        SchedulerShouldFollow(schedule, 12);
    }

    [Fact]
    public void MomentumAt_BeforeTheOneCycleStarts_IsItsStepZeroMomentum()
    {
        // PyTorch: constructing OneCycleLR sets the optimizer's momentum to its step-0 value (0.95), which stays until
        // OneCycleLR runs from its milestone (counted from 0 there).
        var schedule = Schedule.Parse(
            "torch.SequentialLR(lr=1.0, schedulers=[torch.LinearLR(start_factor=0.5, total_iters=4), torch.OneCycleLR(max_lr=25.0, total_steps=10, final_div_factor=2.0, anneal_strategy='linear')], milestones=[4])");

        schedule.CyclesMomentum.ShouldBeTrue();
        double[] expected = [0.95, 0.95, 0.95, 0.95, 0.95, 0.90, 0.85, 0.85 + (0.1 * 1 / 7), 0.85 + (0.1 * 2 / 7)];
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.MomentumAt(s), expected[s], $"step {s}");
        }

        ShouldFollow(schedule, [0.5, 0.625, 0.75, 0.875, 1, 13, 25], first: 0);
    }

    [Fact]
    public void MomentumAt_AfterTheOneCycleEnds_KeepsItsLastMomentum()
    {
        // OneCycleLR runs for steps 0..4 (momentum 0.95, 0.90, 0.85, 0.85 + 0.1/7, 0.85 + 0.2/7); from the milestone at 5
        // ConstantLR leaves the momentum where OneCycleLR left it.
        var schedule = Schedule.Parse(
            "torch.SequentialLR(lr=1.0, schedulers=[torch.OneCycleLR(max_lr=25.0, total_steps=10, final_div_factor=2.0, anneal_strategy='linear'), torch.ConstantLR(factor=0.5)], milestones=[5])");

        double[] expected = [0.95, 0.90, 0.85, 0.85 + (0.1 * 1 / 7), 0.85 + (0.1 * 2 / 7), 0.85 + (0.1 * 2 / 7), 0.85 + (0.1 * 2 / 7)];
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.MomentumAt(s), expected[s], $"step {s}");
        }

        SchedulerShouldFollow(schedule, 12);
    }

    [Fact]
    public void MomentumAt_WithoutAMomentumScheduler_IsRefused()
    {
        var schedule = (TorchSequentialLR)Schedule.Parse(DesignExample);

        schedule.CyclesMomentum.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => schedule.MomentumAt(0));
    }

    // ---- spec ----

    [Fact]
    public void Spec_ChildrenOmitLr_AndRoundTrip()
    {
        var schedule = (TorchSequentialLR)Schedule.Parse(DesignExample);

        foreach (var child in schedule.Schedulers)
        {
            ((ITorchSchedule)child).Lr.ShouldBe(0.1);
        }

        ShouldRoundTrip(schedule, Canonical, steps: 120);
        schedule.ToJson().ShouldBe(
            "{\"type\":\"torch.SequentialLR\",\"lr\":0.1,\"schedulers\":[{\"type\":\"torch.LinearLR\",\"start_factor\":0.1},{\"type\":\"torch.CosineAnnealingLR\",\"T_max\":95}],\"milestones\":[5]}");
        var built = new TorchSequentialLR(0.1, [new TorchLinearLR(0.1, 0.1, totalIters: 5), new TorchCosineAnnealingLR(0.1, 95)], [5]);
        built.ToString().ShouldBe(Canonical);
        built.ShouldBe(schedule);
    }

    [Fact]
    public void Spec_ChildWritingItsOwnLr_IsRefused()
        => SpecShouldRefuse(
            "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(lr=0.2, total_iters=5), torch.CosineAnnealingLR(T_max=95)], milestones=[5])",
            "lr",
            "takes lr from torch.SequentialLR");

    [Theory]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.ReduceLROnPlateau(), torch.StepLR(step_size=2)], milestones=[5])", "schedulers", "driven by a metric")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.StepLR(step_size=2), torch.ChainedScheduler(schedulers=[torch.StepLR(step_size=3)])], milestones=[5])", "schedulers", "do not nest")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.StepLR(step_size=2), torch.MultiplicativeLR(lr_lambda='0.9')], milestones=[5])", "schedulers", "can only come first")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.StepLR(step_size=2), torch.StepLR(step_size=3)], milestones=[5, 6])", "milestones", "one entry fewer than")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.StepLR(step_size=2), torch.StepLR(step_size=3)], milestones=[0])", "milestones", "strictly increasing steps > 0")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[], milestones=[])", "schedulers", "at least one scheduler")]
    [InlineData("torch.SequentialLR(lr=0.1, schedulers=[torch.StepLR(step_size=2)], milestones=[2.0])", "milestones", "expected a list of integer literals")]
    [InlineData("torch.SequentialLR(lr=-0.1, schedulers=[torch.StepLR(step_size=2)], milestones=[])", "lr", "must be >= 0")]
    public void Spec_RefusedValues_NameTheSpecParameter(string text, string parameter, string fragment)
        => SpecShouldRefuse(text, parameter, fragment);

    // ---- C# API ----

    [Fact]
    public void Create_ChildWithAnotherLr_IsRefused()
        => ShouldRefuse<ArgumentException>(
            () => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2), new TorchStepLR(0.2, 2)], [5]),
            "schedulers",
            "(index 1) has lr = 0.2, but torch.SequentialLR has lr = 0.1");

    [Fact]
    public void Create_PaddleChild_IsRefused()
        => ShouldRefuse<ArgumentException>(
            () => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2), new StepDecay(0.1, 2)], [5]),
            "schedulers",
            "'StepDecay'",
            "its schedulers are torch.* schedules");

    [Fact]
    public void Create_NestedContainer_IsRefused()
    {
        var inner = new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2)], []);

        ShouldRefuse<ArgumentException>(() => new TorchSequentialLR(0.1, [inner], []), "schedulers", "do not nest");
    }

    [Fact]
    public void Create_MultiplicativeAfterTheFirst_IsRefused_FirstIsAccepted()
    {
        var multiplicative = new TorchMultiplicativeLR(0.1, "0.9");

        ShouldRefuse<ArgumentException>(() => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2), multiplicative], [3]), "schedulers", "(index 1) can only come first");
        new TorchSequentialLR(0.1, [multiplicative, new TorchStepLR(0.1, 2)], [3]).At(2).ShouldBe(multiplicative.At(2));
    }

    [Fact]
    public void Create_BadCountsAndNulls_AreRefused()
    {
        ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchSequentialLR(0.1, [], []), "schedulers", "must hold at least one scheduler");
        ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2)], [3]), "milestones", "one entry fewer");
        ShouldRefuse<ArgumentOutOfRangeException>(
            () => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2), new TorchStepLR(0.1, 2), new TorchStepLR(0.1, 2)], [5, 5]),
            "milestones",
            "strictly increasing");
        Should.Throw<ArgumentNullException>(() => new TorchSequentialLR(0.1, null!, [])).ParamName.ShouldBe("schedulers");
        Should.Throw<ArgumentNullException>(() => new TorchSequentialLR(0.1, [new TorchStepLR(0.1, 2)], null!)).ParamName.ShouldBe("milestones");
        Should.Throw<ArgumentNullException>(() => new TorchSequentialLR(0.1, [null!], [])).ParamName.ShouldBe("schedulers");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchSequentialLR(lr, [new TorchStepLR(0.1, 2)], []), "lr", shown, rule);

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(Schedule.Parse(DesignExample), 30);
}
