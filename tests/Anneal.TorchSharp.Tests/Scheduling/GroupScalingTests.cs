using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests.Scheduling;

[Collection(TorchCollection.Name)]
public sealed class GroupScalingTests : IDisposable
{
    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void KeepRatios_gives_every_group_the_schedule_times_its_initial_rate_over_group_0s()
    {
        // Given: a Paddle-family absolute schedule; groups created at 0.2 and 0.05 (ratio 1/4)
        var optimizer = _torch.Sgd([0.2, 0.05]);

        // When
        var scheduler = optimizer.UseSchedule("CosineAnnealingDecay(learning_rate=1.0, T_max=4)");
        var epoch0 = scheduler.get_last_lr().ToArray();
        scheduler.step();
        scheduler.step();

        // Then: group 0 follows the schedule, group 1 keeps 1/4 of it
        scheduler.GroupMultipliers.ShouldBe([1.0, 0.25]);
        epoch0.ShouldBeClose(1.0, 0.25);
        TorchFixture.Lrs(optimizer).ShouldBeClose(0.5, 0.125);
    }

    [Fact]
    public void For_the_torch_family_each_group_follows_its_own_base_rate_as_in_PyTorch()
    {
        // Given: PyTorch's StepLR gives base_i · 0.5^e to every group
        var optimizer = _torch.Sgd([0.1, 0.02]);
        var scheduler = optimizer.UseSchedule("torch.StepLR(lr=0.1, step_size=1, gamma=0.5)");
        var rates = new List<double[]> { scheduler.get_last_lr().ToArray() };

        // When
        for (var i = 0; i < 2; i++)
        {
            scheduler.step();
            rates.Add(scheduler.get_last_lr().ToArray());
        }

        // Then
        rates[0].ShouldBeClose(0.1, 0.02);
        rates[1].ShouldBeClose(0.05, 0.01);
        rates[2].ShouldBeClose(0.025, 0.005);
    }

    [Fact]
    public void Uniform_gives_every_group_the_schedules_rate()
    {
        // Given
        var optimizer = _torch.Sgd([0.1, 0.01]);

        // When
        var scheduler = optimizer.UseSchedule("StepDecay(learning_rate=0.4, step_size=1, gamma=0.5)", GroupScaling.Uniform);
        scheduler.step();

        // Then
        scheduler.GroupMultipliers.ShouldBe([1.0, 1.0]);
        TorchFixture.Lrs(optimizer).ShouldBe([0.2, 0.2]);
    }

    [Fact]
    public void Multipliers_give_layer_wise_learning_rates()
    {
        // Given
        var optimizer = _torch.Sgd([0.1, 0.1, 0.1]);

        // When
        var scheduler = optimizer.UseSchedule("StepDecay(learning_rate=0.4, step_size=1, gamma=0.5)", GroupScaling.Multipliers(0.25, 0.5, 1));
        scheduler.step();

        // Then
        TorchFixture.Lrs(optimizer).ShouldBe([0.05, 0.1, 0.2]);
        scheduler.get_last_lr().ShouldBe([0.05, 0.1, 0.2]);
    }

    [Fact]
    public void Multipliers_for_another_number_of_groups_are_refused_and_the_optimizer_is_untouched()
    {
        // Given
        var optimizer = _torch.Sgd([0.1, 0.01, 0.001]);

        // When
        var error = Should.Throw<ArgumentException>(() => optimizer.UseSchedule("StepDecay(learning_rate=0.4, step_size=1)", GroupScaling.Multipliers(1, 0.5)));

        // Then
        error.Message.ShouldContain("has 2 multiplier(s) but the optimizer has 3 param group(s)");
        TorchFixture.Lrs(optimizer).ShouldBe([0.1, 0.01, 0.001]);
    }

    [Fact]
    public void KeepRatios_refuses_a_group_0_created_at_rate_0_and_says_what_to_do()
    {
        // Given
        var optimizer = _torch.Sgd([0.0, 0.01]);

        // When
        var error = Should.Throw<ArgumentException>(() => optimizer.UseSchedule("StepDecay(learning_rate=0.4, step_size=1)"));

        // Then
        error.Message.ShouldContain("param group 0's initial learning rate to be > 0");
        error.Message.ShouldContain("GroupScaling.Multipliers(...) or GroupScaling.Uniform");
        TorchFixture.Lrs(optimizer).ShouldBe([0.0, 0.01]);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Multipliers_refuses_a_negative_or_non_finite_multiplier(double bad)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => GroupScaling.Multipliers(1, bad));

        error.ParamName.ShouldBe("multipliers");
        error.Message.ShouldContain("multipliers[1]");
        error.Message.ShouldContain("must be finite and >= 0");
    }

    [Fact]
    public void Multipliers_refuses_none_and_copies_what_it_is_given()
    {
        Should.Throw<ArgumentException>(() => GroupScaling.Multipliers()).Message.ShouldContain("one multiplier per param group");
        var given = new[] { 1.0, 0.5 };
        var scaling = GroupScaling.Multipliers(given);
        given[1] = 7;

        scaling.ExplicitMultipliers.ShouldBe([1.0, 0.5]);
        scaling.ToString().ShouldBe("Multipliers(1, 0.5)");
        GroupScaling.KeepRatios.ToString().ShouldBe("KeepRatios");
        GroupScaling.Uniform.ExplicitMultipliers.ShouldBeNull();
        scaling.ShouldBe(GroupScaling.Multipliers(1, 0.5));
    }
}
