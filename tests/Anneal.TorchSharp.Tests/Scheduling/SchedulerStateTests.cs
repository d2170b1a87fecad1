using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests.Scheduling;

[Collection(TorchCollection.Name)]
public sealed class SchedulerStateTests : IDisposable
{
    private const string Cosine = "torch.CosineAnnealingLR(lr=0.1, T_max=10)";

    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void SaveState_carries_the_group_count_the_multipliers_and_the_schedulers_state()
    {
        // Given
        var scheduler = _torch.Sgd([0.1, 0.025]).UseSchedule("torch.StepLR(lr=0.1, step_size=2)");
        scheduler.step();

        // When
        var state = scheduler.SaveState();

        // Then
        state.ShouldBe(
            """{"format":"anneal.torchsharp.scheduler","version":1,"param_groups":2,"multipliers":[1,0.25],"cycle_momentum":false,"scheduler":{"format":"anneal.scheduler","version":1,"spec":"torch.StepLR(lr=0.1, step_size=2)","last_epoch":1,"last_lr":0.1}}""");
    }

    [Fact]
    public void LoadState_continues_exactly_where_the_saved_scheduler_stopped()
    {
        // Given: 5 steps of the first run, and what it gives after
        var first = _torch.Sgd([0.1, 0.01]).UseSchedule(Cosine);
        Steps(first, 5);
        var state = first.SaveState();
        var expected = Steps(first, 5);
        var optimizer = _torch.Sgd([0.1, 0.01]);
        var second = optimizer.UseSchedule(Cosine);

        // When
        second.LoadState(state);
        var atLoad = TorchFixture.Lrs(optimizer);
        var after = Steps(second, 5);

        // Then
        second.LastEpoch.ShouldBe(10);
        atLoad.ShouldBeClose(0.05, 0.005);
        after.ShouldBe(expected);
    }

    [Fact]
    public void A_state_for_another_spec_is_refused_and_nothing_changes()
    {
        // Given
        var state = _torch.Sgd().UseSchedule("torch.StepLR(lr=0.1, step_size=2)").SaveState();
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule(Cosine);
        scheduler.step();
        var lr = TorchFixture.Lrs(optimizer);

        // When
        var error = Should.Throw<ArgumentException>(() => scheduler.LoadState(state));

        // Then
        error.ParamName.ShouldBe("state");
        error.Message.ShouldContain("the state is for torch.StepLR(lr=0.1, step_size=2), not for this scheduler's torch.CosineAnnealingLR(lr=0.1, T_max=10)");
        scheduler.LastEpoch.ShouldBe(1);
        TorchFixture.Lrs(optimizer).ShouldBe(lr);
    }

    [Fact]
    public void A_state_for_another_number_of_param_groups_is_refused_and_nothing_changes()
    {
        // Given
        var state = _torch.Sgd([0.1, 0.01]).UseSchedule(Cosine).SaveState();
        var optimizer = _torch.Sgd(lr: 0.3);
        var scheduler = optimizer.UseSchedule(Cosine, lastEpoch: 3);
        var lr = TorchFixture.Lrs(optimizer);

        // When
        var load = Should.Throw<ArgumentException>(() => scheduler.LoadState(state));
        var other = _torch.Sgd(lr: 0.3);
        var restore = Should.Throw<ArgumentException>(() => AnnealLRScheduler.Restore(other, state));

        // Then
        load.Message.ShouldContain("the state is for an optimizer with 2 param group(s), but this optimizer (SGD) has 1");
        restore.Message.ShouldContain("the state is for an optimizer with 2 param group(s), but this optimizer (SGD) has 1");
        scheduler.LastEpoch.ShouldBe(4);
        TorchFixture.Lrs(optimizer).ShouldBe(lr);
        TorchFixture.Lrs(other).ShouldBe([0.3]);
    }

    [Fact]
    public void LoadState_refuses_other_multipliers_and_Restore_takes_the_saved_ones()
    {
        // Given: saved with groups at 0.2 and 0.05; the new optimizer's groups are at 0.2 and 0.1
        var state = _torch.Sgd([0.2, 0.05]).UseSchedule(Cosine).SaveState();
        var optimizer = _torch.Sgd([0.2, 0.1]);

        // When
        var error = Should.Throw<ArgumentException>(() => optimizer.UseSchedule(Cosine).LoadState(state));
        var restored = AnnealLRScheduler.Restore(optimizer, state);

        // Then
        error.Message.ShouldContain("group multipliers [1, 0.25] are not this scheduler's [1, 0.5]");
        error.Message.ShouldContain("use AnnealLRScheduler.Restore");
        restored.GroupMultipliers.ShouldBe([1.0, 0.25]);
        TorchFixture.Lrs(optimizer).ShouldBe([0.1, 0.025]);
    }

    [Fact]
    public void A_state_with_momentum_cycling_set_otherwise_is_refused()
    {
        const string OneCycle = "torch.OneCycleLR(lr=0.1, max_lr=1.0, total_steps=10)";
        var state = _torch.Sgd().UseSchedule(OneCycle).SaveState();

        Should.Throw<ArgumentException>(() => _torch.Sgd().UseSchedule(OneCycle, cycleMomentum: false).LoadState(state))
            .Message.ShouldContain("saved with momentum cycling on, but this scheduler has it off");
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("[]", "is not an Anneal.TorchSharp scheduler state")]
    [InlineData("""{"format":"anneal.scheduler","version":1,"spec":"torch.CosineAnnealingLR(lr=0.1, T_max=10)","last_epoch":1,"last_lr":0.1}""", "use the JSON from AnnealLRScheduler.SaveState")]
    [InlineData("""{"format":"anneal.torchsharp.scheduler","version":2}""", "version is not supported")]
    [InlineData("""{"format":"anneal.torchsharp.scheduler","version":1,"param_groups":1,"multipliers":[-1],"cycle_momentum":false,"scheduler":{"spec":"x"}}""", "multipliers[0] is not a finite number >= 0")]
    [InlineData("""{"format":"anneal.torchsharp.scheduler","version":1,"param_groups":1,"multipliers":[1],"cycle_momentum":false,"scheduler":{"format":"anneal.scheduler","version":1,"spec":"torch.CosineAnnealingLR(lr=0.1, T_max=10)","last_epoch":2,"last_lr":0.5}}""", "inconsistent")]
    public void A_corrupt_state_is_refused_with_what_is_wrong(string state, string expected)
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule(Cosine);

        // When
        var error = Should.Throw<ArgumentException>(() => scheduler.LoadState(state));

        // Then
        error.Message.ShouldContain(expected);
        scheduler.LastEpoch.ShouldBe(0);
        TorchFixture.Lrs(optimizer).ShouldBe([0.1]);
    }

    [Fact]
    public void A_plateau_schedulers_counters_survive_a_restore()
    {
        // Given: patience 2; one best and one bad epoch before the save
        const string Plateau = "torch.ReduceLROnPlateau(lr=0.1, factor=0.5, patience=2)";
        var first = _torch.Sgd().UseSchedule(Plateau);
        first.step(1.0);
        first.step(1.0);
        var state = first.SaveState();
        var optimizer = _torch.Sgd();

        // When: two more bad epochs after the restore
        var second = AnnealLRScheduler.Restore(optimizer, state);
        second.step(1.0);
        var afterOne = second.get_last_lr().Single();
        second.step(1.0);

        // Then: the cut comes at the third bad epoch, as without the interruption
        afterOne.ShouldBe(0.1);
        second.get_last_lr().ShouldBeClose(0.05);
        ((TorchReduceLROnPlateauScheduler)second.AnnealScheduler).Best.ShouldBe(1.0);
    }

    private static List<double[]> Steps(AnnealLRScheduler scheduler, int count)
    {
        var rates = new List<double[]>();
        for (var i = 0; i < count; i++)
        {
            scheduler.step();
            rates.Add(scheduler.get_last_lr().ToArray());
        }

        return rates;
    }
}
