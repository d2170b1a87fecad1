using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests.Scheduling;

[Collection(TorchCollection.Name)]
public sealed class MomentumCyclingTests : IDisposable
{
    private const string OneCycle = "torch.OneCycleLR(lr=0.1, max_lr=2.5, total_steps=10, anneal_strategy='linear', final_div_factor=2.0)";

    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void OneCycleLR_cycles_Adams_beta1_in_every_group_and_keeps_beta2()
    {
        // Given
        var optimizer = _torch.Adam([0.1, 0.01], beta1: 0.5, beta2: 0.99);
        var scheduler = optimizer.UseSchedule(OneCycle);
        var first = TorchFixture.Betas(optimizer);

        // When
        scheduler.step();
        scheduler.step();

        // Then: max_momentum 0.95 at step 0, base_momentum 0.85 at the peak (step 2)
        first.ShouldBe([(0.95, 0.99), (0.95, 0.99)]);
        TorchFixture.Betas(optimizer).ShouldBe([(0.85, 0.99), (0.85, 0.99)]);
        scheduler.LastMomentum.ShouldBe(0.85);
        scheduler.CyclesMomentum.ShouldBeTrue();
    }

    [Fact]
    public void With_cycleMomentum_false_the_optimizers_momentum_is_left_alone()
    {
        // Given
        var optimizer = _torch.Sgd(momentum: 0.7);

        // When
        var scheduler = optimizer.UseSchedule(OneCycle, cycleMomentum: false);
        scheduler.step();

        // Then
        TorchFixture.Momenta(optimizer).ShouldBe([0.7]);
        scheduler.CyclesMomentum.ShouldBeFalse();
        scheduler.LastMomentum.ShouldBeNull();
        scheduler.get_last_lr().ShouldBeClose(1.3);
    }

    [Fact]
    public void A_schedule_that_does_not_cycle_momentum_leaves_it_alone()
    {
        // Given
        var optimizer = _torch.Sgd(momentum: 0.7);

        // When
        var scheduler = optimizer.UseSchedule("torch.OneCycleLR(lr=0.1, max_lr=1.0, total_steps=10, cycle_momentum=False)");
        scheduler.step();

        // Then
        TorchFixture.Momenta(optimizer).ShouldBe([0.7]);
        scheduler.CyclesMomentum.ShouldBeFalse();
    }

    [Fact]
    public void Cycling_asked_of_an_optimizer_without_momentum_or_betas_is_refused_clearly_and_changes_nothing()
    {
        // Given: ASGD has neither
        var optimizer = _torch.Asgd(lr: 0.3);

        // When
        var error = Should.Throw<ArgumentException>(() => optimizer.UseSchedule(OneCycle));

        // Then
        error.ParamName.ShouldBe("optimizer");
        error.Message.ShouldContain("torch.OneCycleLR cycles the momentum");
        error.Message.ShouldContain("ASGD");
        error.Message.ShouldContain("pass cycleMomentum: false");
        TorchFixture.Lrs(optimizer).ShouldBe([0.3]);
    }

    [Fact]
    public void An_optimizer_without_momentum_runs_the_cycle_when_cycling_is_off()
    {
        // Given
        var optimizer = _torch.Asgd(lr: 0.3);

        // When
        var scheduler = optimizer.UseSchedule(OneCycle, cycleMomentum: false);
        scheduler.step();

        // Then
        TorchFixture.Lrs(optimizer).ShouldBeClose(1.3);
    }

    [Fact]
    public void A_beta1_of_1_or_more_is_refused_for_Adam_and_changes_nothing()
    {
        // Given: max_momentum 1.0 would make Adam's bias correction divide by zero
        var optimizer = _torch.Adam([0.1], beta1: 0.5);

        // When
        var error = Should.Throw<ArgumentException>(() =>
            optimizer.UseSchedule("torch.OneCycleLR(lr=0.1, max_lr=1.0, total_steps=10, max_momentum=1.0)"));

        // Then
        error.Message.ShouldContain("Adam's beta1 must be in [0, 1)");
        TorchFixture.Betas(optimizer).ShouldBe([(0.5, 0.999)]);
        TorchFixture.Lrs(optimizer).ShouldBe([0.1]);
    }
}
