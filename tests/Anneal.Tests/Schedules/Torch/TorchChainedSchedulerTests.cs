using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchChainedSchedulerTests
{
    private const string DocumentedExample =
        "torch.ChainedScheduler(lr=0.5, schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.9)])";

    [Fact]
    public void At_PyTorchDocumentedExample()
    {
        // torch's docstring numbers (they are for lr 0.5): 0.05, 0.0450, 0.0405, ..., 0.00675 at 19, 0.06078 at 20,
        // 0.05470 at 21; i.e. 0.5 * 0.1 * 0.9 ** e before epoch 20 and 0.5 * 0.9 ** e from it.
        var schedule = Schedule.Parse(DocumentedExample);

        for (var e = 0; e < 60; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), 0.5 * (e < 20 ? 0.1 : 1.0) * Math.Pow(0.9, e), $"epoch {e}");
        }

        schedule.At(0).ShouldBe(0.05, 1e-12);
        schedule.At(1).ShouldBe(0.0450, 5e-5);
        schedule.At(2).ShouldBe(0.0405, 5e-5);
        schedule.At(19).ShouldBe(0.00675, 1e-5);
        schedule.At(20).ShouldBe(0.06078, 1e-5);
        schedule.At(21).ShouldBe(0.05470, 1e-5);
    }

    [Fact]
    public void At_ChainableSchedulers_MatchPyTorchsStepByStepChain()
    {
        // PyTorch: each constructor applies its epoch-0 effect to the shared lr, in order; each step() then applies every
        // scheduler's chainable get_lr to the shared lr, in order.
        var schedule = Schedule.Parse(
            "torch.ChainedScheduler(lr=0.3, schedulers=[torch.ConstantLR(factor=0.5, total_iters=4), torch.ExponentialLR(gamma=0.95), torch.StepLR(step_size=3, gamma=0.5), torch.MultiStepLR(milestones=[2, 2, 7], gamma=0.8), torch.LinearLR(start_factor=0.25, total_iters=6)])");
        var lr = 0.3;
        for (var e = 0; e <= 30; e++)
        {
            lr = ConstantStep(lr, e, 0.5, 4);
            lr = e == 0 ? lr : lr * 0.95;
            lr = e > 0 && e % 3 == 0 ? lr * 0.5 : lr;
            lr = e == 2 ? lr * Math.Pow(0.8, 2) : e == 7 ? lr * 0.8 : lr;
            lr = LinearStep(lr, e, 0.25, 1.0, 6);

            Tolerance.ShouldMatch(schedule.At(e), lr, $"epoch {e}");
        }
    }

    [Fact]
    public void At_OneScheduler_IsThatScheduler()
    {
        var child = new TorchCosineAnnealingLR(0.1, 10, 0.01);
        var schedule = new TorchChainedScheduler(0.1, [child]);

        for (var e = 0; e <= 25; e++)
        {
            schedule.At(e).ShouldBe(child.At(e));
        }
    }

    [Fact]
    public void At_OverwritingScheduler_IsMultipliedIn_UnlikePyTorch()
    {
        // Documented difference: PyTorch's LambdaLR overwrites the shared lr with lr * lambda(e) (here 0.5 at every
        // step); Anneal multiplies its factor in, giving 0.5 * 0.9 ** e.
        var schedule = Schedule.Parse("torch.ChainedScheduler(lr=0.5, schedulers=[torch.ExponentialLR(gamma=0.9), torch.LambdaLR(lr_lambda='1.0')])");

        ShouldFollow(schedule, [0.5, 0.45, 0.405, 0.3645]);
    }

    [Fact]
    public void MomentumAt_IsTheLastMomentumSchedulersInTheList()
    {
        var schedule = Schedule.Parse(
            "torch.ChainedScheduler(lr=1.0, schedulers=[torch.CyclicLR(base_lr=1.0, max_lr=5.0, step_size_up=4), torch.ConstantLR(), torch.OneCycleLR(max_lr=25.0, total_steps=10, final_div_factor=2.0, anneal_strategy='linear')])");

        schedule.CyclesMomentum.ShouldBeTrue();
        ShouldFollowMomentum(schedule, [0.95, 0.90, 0.85, 0.85 + (0.1 * 1 / 7)]);

        var cyclicOnly = Schedule.Parse("torch.ChainedScheduler(lr=1.0, schedulers=[torch.CyclicLR(base_lr=1.0, max_lr=5.0, step_size_up=4), torch.ConstantLR()])");
        ShouldFollowMomentum(cyclicOnly, [0.9, 0.875, 0.85, 0.825, 0.8]);

        var none = Schedule.Parse("torch.ChainedScheduler(lr=1.0, schedulers=[torch.ConstantLR()])");
        none.CyclesMomentum.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => none.MomentumAt(0));
    }

    [Fact]
    public void Spec_ChildrenOmitLr_AndRoundTrip()
    {
        var schedule = Schedule.Parse(DocumentedExample).ShouldBeOfType<TorchChainedScheduler>();

        ShouldRoundTrip(schedule, DocumentedExample, steps: 40);
        schedule.ToJson().ShouldBe(
            "{\"type\":\"torch.ChainedScheduler\",\"lr\":0.5,\"schedulers\":[{\"type\":\"torch.ConstantLR\",\"factor\":0.1,\"total_iters\":20},{\"type\":\"torch.ExponentialLR\",\"gamma\":0.9}]}");
        new TorchChainedScheduler(0.5, [new TorchConstantLR(0.5, 0.1, 20), new TorchExponentialLR(0.5, 0.9)]).ShouldBe(schedule);
    }

    [Theory]
    [InlineData("torch.ChainedScheduler(lr=0.1, schedulers=[torch.StepLR(lr=0.1, step_size=2)])", "lr", "takes lr from torch.ChainedScheduler")]
    [InlineData("torch.ChainedScheduler(lr=0.1, schedulers=[torch.ReduceLROnPlateau()])", "schedulers", "driven by a metric")]
    [InlineData("torch.ChainedScheduler(lr=0.1, schedulers=[torch.SequentialLR(schedulers=[torch.StepLR(step_size=2)], milestones=[])])", "schedulers", "do not nest")]
    [InlineData("torch.ChainedScheduler(lr=0.1, schedulers=[])", "schedulers", "at least one scheduler")]
    [InlineData("torch.ChainedScheduler(lr=0.0, schedulers=[torch.StepLR(step_size=2), torch.ConstantLR()])", "lr", "must be > 0 to chain more than one scheduler")]
    [InlineData("torch.ChainedScheduler(lr=0.1)", "schedulers", "missing required parameter 'schedulers'")]
    public void Spec_RefusedValues_NameTheSpecParameter(string text, string parameter, string fragment)
        => SpecShouldRefuse(text, parameter, fragment);

    [Fact]
    public void Create_LrZero_IsAcceptedForOneScheduler()
        => new TorchChainedScheduler(0.0, [new TorchStepLR(0.0, 2)]).At(5).ShouldBe(0.0);

    [Fact]
    public void Create_BadChildren_AreRefused()
    {
        ShouldRefuse<ArgumentException>(() => new TorchChainedScheduler(0.1, [new TorchStepLR(0.1, 2), new TorchStepLR(0.3, 2)]), "schedulers", "(index 1) has lr = 0.3");
        ShouldRefuse<ArgumentException>(() => new TorchChainedScheduler(0.1, [new ExponentialDecay(0.1, 0.9)]), "schedulers", "'ExponentialDecay'", "torch.* schedules");
        ShouldRefuse<ArgumentException>(() => new TorchChainedScheduler(0.1, [new TorchChainedScheduler(0.1, [new TorchStepLR(0.1, 2)])]), "schedulers", "do not nest");
        ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchChainedScheduler(0.1, []), "schedulers", "must hold at least one scheduler");
        Should.Throw<ArgumentNullException>(() => new TorchChainedScheduler(0.1, null!)).ParamName.ShouldBe("schedulers");
    }

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchChainedScheduler(lr, [new TorchStepLR(0.1, 2)]), "lr", shown, rule);

    [Fact]
    public void Scheduler_FollowsTheSchedule()
    {
        SchedulerShouldFollow(Schedule.Parse(DocumentedExample), 30);
        SchedulerShouldFollow(Schedule.Parse("torch.ChainedScheduler(lr=1.0, schedulers=[torch.CyclicLR(base_lr=1.0, max_lr=5.0, step_size_up=4), torch.ConstantLR()])"), 20);
    }

    private static void ShouldFollowMomentum(Schedule schedule, double[] expected)
    {
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.MomentumAt(s), expected[s], $"momentum at {s}");
        }
    }

    /// <summary>torch's ConstantLR.get_lr on the shared lr.</summary>
    private static double ConstantStep(double lr, int e, double factor, int total)
        => e == 0 ? lr * factor : e == total ? lr * (1.0 / factor) : lr;

    /// <summary>torch's LinearLR.get_lr on the shared lr.</summary>
    private static double LinearStep(double lr, int e, double start, double end, int total)
    {
        if (e == 0)
        {
            return lr * start;
        }

        return e > total ? lr : lr * (1.0 + ((end - start) / ((total * start) + ((e - 1) * (end - start)))));
    }
}
