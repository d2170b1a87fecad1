using Anneal.Specs;

namespace Anneal.Tests.Schedules.Torch;

/// <summary>The PyTorch family as a whole: its spec names, the shared <c>lr</c> parameter and text/JSON round trips.</summary>
public class TorchSpecTests
{
    private static readonly string[] SampleTexts =
    [
        "torch.LambdaLR(lr=0.05, lr_lambda='0.95 ** epoch')",
        "torch.MultiplicativeLR(lr=0.05, lr_lambda='0.95')",
        "torch.StepLR(lr=0.05, step_size=3, gamma=0.5)",
        "torch.MultiStepLR(lr=0.05, milestones=[2, 2, 5], gamma=0.5)",
        "torch.ConstantLR(lr=0.05, factor=0.5, total_iters=4)",
        "torch.LinearLR(lr=0.05, start_factor=0.1, end_factor=0.9, total_iters=10)",
        "torch.ExponentialLR(lr=0.05, gamma=0.9)",
        "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1), torch.CosineAnnealingLR(T_max=95)], milestones=[5])",
        "torch.CosineAnnealingLR(lr=0.1, T_max=10, eta_min=0.001)",
        "torch.ChainedScheduler(lr=0.5, schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.9)])",
        "torch.ReduceLROnPlateau(lr=0.1, mode='max', factor=0.5, patience=3, threshold=0.01, threshold_mode='abs', cooldown=2, min_lr=0.001, eps=0.0)",
        "torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, step_size_up=4, step_size_down=6, mode='triangular2', cycle_momentum=False)",
        "torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn='1 / (2.0 ** (x - 1))', scale_mode='iterations', base_momentum=0.85, max_momentum=0.95)",
        "torch.CosineAnnealingWarmRestarts(lr=0.05, T_0=2, T_mult=2, eta_min=0.001)",
        "torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=100)",
        "torch.OneCycleLR(lr=0.05, max_lr=0.1, epochs=10, steps_per_epoch=5, pct_start=0.25, anneal_strategy='linear', three_phase=True)",
        "torch.PolynomialLR(lr=0.05, total_iters=10, power=2.0)",
    ];

    public static TheoryData<string> Samples => new(SampleTexts);

    private static readonly string[] TorchNames =
    [
        "torch.ChainedScheduler", "torch.ConstantLR", "torch.CosineAnnealingLR", "torch.CosineAnnealingWarmRestarts",
        "torch.CyclicLR", "torch.ExponentialLR", "torch.LambdaLR", "torch.LinearLR", "torch.MultiStepLR",
        "torch.MultiplicativeLR", "torch.OneCycleLR", "torch.PolynomialLR", "torch.ReduceLROnPlateau",
        "torch.SequentialLR", "torch.StepLR",
    ];

    [Fact]
    public void Names_ListTheFifteenPyTorchSchedulers()
        => ScheduleSpec.Names.Where(n => n.StartsWith("torch.", StringComparison.Ordinal)).ShouldBe(TorchNames);

    [Fact]
    public void Samples_CoverEveryPyTorchName()
        => SampleTexts.Select(s => s[..s.IndexOf('(', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal).ShouldBe(TorchNames);

    [Fact]
    public void Descriptors_TakeTheOptimizersLrFirst()
    {
        foreach (var descriptor in ScheduleRegistry.All.Where(d => d.Name.StartsWith("torch.", StringComparison.Ordinal)))
        {
            var first = descriptor.Parameters[0];
            first.Name.ShouldBe("lr", descriptor.Name);
            first.ClrName.ShouldBe("lr", descriptor.Name);
            first.Kind.ShouldBe(ParamKind.Real, descriptor.Name);
            first.Required.ShouldBeTrue(descriptor.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var definition = ScheduleSpec.Parse(text);

        definition.ToString().ShouldBe(text);
        var fromJson = ScheduleSpec.FromJson(definition.ToJson());
        fromJson.ToString().ShouldBe(text);
        fromJson.ShouldBe(definition);
        if (definition is Schedule schedule)
        {
            var other = (Schedule)fromJson;
            var last = schedule is TorchOneCycleLR oneCycle ? oneCycle.TotalSteps : 60;
            for (var s = 0L; s <= last; s++)
            {
                other.At(s).ShouldBe(schedule.At(s));
                if (schedule.CyclesMomentum)
                {
                    other.MomentumAt(s).ShouldBe(schedule.MomentumAt(s));
                }
            }
        }
    }

    [Fact]
    public void Spec_TypoInTheName_GetsAHint()
    {
        Should.Throw<SpecException>(() => Schedule.Parse("torch.StepLr(lr=0.1, step_size=2)")).Message.ShouldContain("torch.StepLR");
    }
}
