using Anneal.TorchSharp.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;
using TorchLRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Anneal.TorchSharp.Tests.Scheduling;

[Collection(TorchCollection.Name)]
public sealed class AnnealLRSchedulerTests : IDisposable
{
    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void Drives_the_usual_optimizer_step_scheduler_step_loop_as_a_TorchSharp_LRScheduler()
    {
        // Given
        var layer = _torch.Layer();
        var optimizer = _torch.Own(optim.SGD(layer.parameters(), 0.1));
        TorchLRScheduler scheduler = optimizer.UseSchedule("StepDecay(learning_rate=0.1, step_size=2, gamma=0.5)");
        var seen = new List<double>();

        // When: a plain TorchSharp loop that only knows the base type
        for (var i = 0; i < 6; i++)
        {
            seen.Add(optimizer.ParamGroups.Single().LearningRate);
            using var loss = layer.forward(torch.ones(4, 2)).sum();
            loss.backward();
            optimizer.step();
            scheduler.step();
        }

        // Then
        seen.ShouldBeClose(0.1, 0.1, 0.05, 0.05, 0.025, 0.025);
        scheduler.get_last_lr().ShouldBeClose(0.0125);
    }

    [Fact]
    public void Create_writes_the_first_epochs_rate_into_the_optimizer()
    {
        // Given
        var optimizer = _torch.Sgd(lr: 0.3);

        // When
        var scheduler = AnnealLRScheduler.Create(optimizer, new CosineAnnealingDecay(0.1, tMax: 10).WithWarmup(4));

        // Then: the warmup starts at 0
        TorchFixture.Lrs(optimizer).ShouldBe([0.0]);
        scheduler.get_last_lr().ShouldBe([0.0]);
        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.0);
    }

    [Fact]
    public void Get_last_lr_is_one_list_per_group_refreshed_in_place_by_every_step()
    {
        // Given
        var scheduler = _torch.Sgd([0.1, 0.01]).UseSchedule("torch.ExponentialLR(lr=0.1, gamma=0.5)");
        var lastLr = scheduler.get_last_lr();

        // When
        scheduler.step();

        // Then
        scheduler.get_last_lr().ShouldBeSameAs(lastLr);
        lastLr.ShouldBeClose(0.05, 0.005);
    }

    [Fact]
    public void Step_with_an_epoch_lands_on_the_curve_and_counting_goes_on_from_there()
    {
        // Given
        var schedule = new CosineAnnealingDecay(0.1, tMax: 10);
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule(schedule);

        // When
        scheduler.step(7);
        var at7 = TorchFixture.Lrs(optimizer)[0];
        scheduler.step();

        // Then: 0.05 · (1 + cos(0.7π)) and 0.05 · (1 + cos(0.8π))
        at7.ShouldBeClose(0.05 * (1 + Math.Cos(0.7 * Math.PI)));
        scheduler.LastEpoch.ShouldBe(8);
        scheduler.get_last_lr().ShouldBeClose(0.05 * (1 + Math.Cos(0.8 * Math.PI)));
    }

    [Fact]
    public void A_metric_given_to_a_pure_schedule_is_ignored_as_TorchSharp_does()
    {
        // Given
        var scheduler = _torch.Sgd().UseSchedule("StepDecay(learning_rate=0.1, step_size=1, gamma=0.5)");

        // When
        scheduler.step(123.0);

        // Then
        scheduler.LastEpoch.ShouldBe(1);
        scheduler.get_last_lr().ShouldBeClose(0.05);
    }

    [Fact]
    public void Drives_the_optimizer_from_an_existing_Anneal_scheduler_at_its_epoch()
    {
        // Given
        var inner = Schedule.Parse("StepDecay(learning_rate=1.0, step_size=2, gamma=0.5)").CreateScheduler();
        inner.Step();
        inner.Step();
        var optimizer = _torch.Sgd();

        // When
        var scheduler = AnnealLRScheduler.Create(optimizer, inner);
        var first = TorchFixture.Lrs(optimizer)[0];
        scheduler.step();

        // Then
        first.ShouldBe(0.5);
        scheduler.AnnealScheduler.ShouldBeSameAs(inner);
        inner.LastEpoch.ShouldBe(3);
        TorchFixture.Lrs(optimizer).ShouldBe([0.5]);
    }

    [Fact]
    public void Paddle_ReduceOnPlateau_cuts_on_step_metric_and_refuses_step_without_one()
    {
        // Given
        var optimizer = _torch.Sgd([1.0, 0.1]);
        var scheduler = optimizer.UseSchedule("ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=1)");

        // When: best, bad, bad (> patience) → cut
        scheduler.step(1.0);
        scheduler.step(1.0);
        var before = scheduler.get_last_lr().ToArray();
        scheduler.step(1.0);

        // Then
        before.ShouldBeClose(1.0, 0.1);
        scheduler.get_last_lr().ShouldBeClose(0.5, 0.05);
        TorchFixture.Lrs(optimizer).ShouldBeClose(0.5, 0.05);
        scheduler.LastEpoch.ShouldBe(3);
        Should.Throw<InvalidOperationException>(scheduler.step).Message.ShouldContain("call step(metric)");
        Should.Throw<InvalidOperationException>(() => scheduler.step(4)).Message.ShouldContain("call step(metric)");
    }

    [Fact]
    public void A_plateau_over_a_schedule_follows_the_schedule_until_the_metric_stalls()
    {
        // Given: cosine, cut by half when the loss stalls
        var schedule = new CosineAnnealingDecay(1.0, tMax: 10);
        var scheduler = _torch.Sgd().UseSchedule(schedule.ReduceOnPlateau(factor: 0.5, patience: 0));

        // When
        scheduler.step(1.0);
        var improving = scheduler.get_last_lr().Single();
        scheduler.step(2.0);

        // Then
        improving.ShouldBeClose(schedule.At(1));
        scheduler.get_last_lr().ShouldBeClose(schedule.At(2) * 0.5);
    }

    [Fact]
    public void Step_at_the_end_of_OneCycleLR_is_refused_and_changes_nothing()
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("torch.OneCycleLR(lr=0.1, max_lr=1.0, total_steps=4)", lastEpoch: 3);
        var lr = TorchFixture.Lrs(optimizer)[0];

        // When
        var error = Should.Throw<InvalidOperationException>(scheduler.step);

        // Then
        error.Message.ShouldContain("total_steps = 4");
        scheduler.LastEpoch.ShouldBe(4);
        TorchFixture.Lrs(optimizer).ShouldBe([lr]);
    }

    [Fact]
    public void Drives_LBFGS_whose_rate_lives_on_the_optimizer()
    {
        // Given
        var optimizer = _torch.Own(optim.LBFGS(_torch.Layer().parameters(), lr: 1.0));

        // When
        var scheduler = optimizer.UseSchedule("StepDecay(learning_rate=1.0, step_size=1, gamma=0.5)");
        scheduler.step();

        // Then
        ((optim.ILearningRateController)optimizer).LearningRate.ShouldBe(0.5);
        TorchFixture.Lrs(optimizer).ShouldBe([0.5]);
    }

    [Theory]
    [InlineData("torch.StepLR(lr=0.1, step_size=3)")]
    [InlineData("torch.OneCycleLR(lr=0.1, max_lr=1.0, total_steps=100000)")]
    [InlineData("Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=1000), warmup_steps=10)")]
    public void Step_does_not_allocate_after_warm_up(string spec)
    {
        // Given: two groups (and the momentum, for OneCycleLR)
        var scheduler = _torch.Sgd([0.1, 0.05]).UseSchedule(spec);
        for (var i = 0; i < 100; i++)
        {
            scheduler.step();
        }

        // When
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            scheduler.step();
        }

        // Then
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Step_with_a_metric_does_not_allocate_after_warm_up()
    {
        var scheduler = _torch.Sgd([0.1, 0.05]).UseSchedule("torch.ReduceLROnPlateau(lr=0.1, patience=2, cooldown=1, min_lr=0.0001)");
        for (var i = 0; i < 100; i++)
        {
            scheduler.step(1.0 / (1 + (i % 7)));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            scheduler.step(1.0 / (1 + (i % 7)));
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
