using Anneal.TorchSharp.Tests.TestSupport;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp.Tests.Scheduling;

/// Bad input: a clear exception naming what is wrong, and the optimizer (and the scheduler) left untouched.
[Collection(TorchCollection.Name)]
public sealed class BadInputTests : IDisposable
{
    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void A_null_optimizer_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => AnnealLRScheduler.Create(null!, Schedule.Parse("StepDecay(learning_rate=0.1, step_size=1)")))
            .ParamName.ShouldBe("optimizer");
        Should.Throw<ArgumentNullException>(() => ((optim.Optimizer)null!).UseSchedule("StepDecay(learning_rate=0.1, step_size=1)"))
            .ParamName.ShouldBe("optimizer");
        Should.Throw<ArgumentNullException>(() => AnnealLRScheduler.Restore(null!, "{}")).ParamName.ShouldBe("optimizer");
    }

    [Fact]
    public void A_null_schedule_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => AnnealLRScheduler.Create(_torch.Sgd(), (IScheduleDefinition)null!)).ParamName.ShouldBe("schedule");
        Should.Throw<ArgumentNullException>(() => AnnealLRScheduler.Create(_torch.Sgd(), (LRScheduler)null!)).ParamName.ShouldBe("scheduler");
    }

    [Fact]
    public void A_disposed_optimizer_is_refused()
    {
        // Given
        var optimizer = _torch.Sgd();
        optimizer.Dispose();

        // When
        var error = Should.Throw<ObjectDisposedException>(() => optimizer.UseSchedule("StepDecay(learning_rate=0.1, step_size=1)"));

        // Then
        error.Message.ShouldContain("the optimizer (SGD) has been disposed");
    }

    [Fact]
    public void Stepping_after_the_optimizer_was_disposed_is_refused()
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("StepDecay(learning_rate=0.1, step_size=1)");
        optimizer.Dispose();

        // When
        var error = Should.Throw<ObjectDisposedException>(scheduler.step);

        // Then
        error.Message.ShouldContain("has been disposed");
        scheduler.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_rate_that_goes_negative_is_refused_and_the_optimizer_and_scheduler_stay_as_they_were()
    {
        // Given: 0.1 · (1 − epoch) is 0.1, 0, then −0.1
        var optimizer = _torch.Sgd([0.1, 0.05]);
        var scheduler = optimizer.UseSchedule("LambdaDecay(learning_rate=0.1, lr_lambda='1 - epoch')");
        scheduler.step();

        // When
        var error = Should.Throw<InvalidOperationException>(scheduler.step);

        // Then
        error.Message.ShouldContain("LambdaDecay gives the learning rate -0.1 at epoch 2");
        error.Message.ShouldContain("must be finite and >= 0");
        error.Message.ShouldContain("left unchanged");
        TorchFixture.Lrs(optimizer).ShouldBe([0.0, 0.0]);
        scheduler.get_last_lr().ShouldBe([0.0, 0.0]);
        scheduler.LastEpoch.ShouldBe(1);
        Should.Throw<InvalidOperationException>(scheduler.step);
        scheduler.step(0);
        TorchFixture.Lrs(optimizer).ShouldBeClose(0.1, 0.05);
    }

    [Fact]
    public void A_group_rate_that_is_not_finite_is_refused_and_changes_nothing()
    {
        // Given: 1e300 · (1 + 1e8 · epoch) is finite, but times group 1's multiplier 10 it overflows at epoch 1
        var optimizer = _torch.Sgd([0.1, 0.1]);
        var scheduler = optimizer.UseSchedule("LambdaDecay(learning_rate=1e300, lr_lambda='1 + epoch * 1e8')", GroupScaling.Multipliers(1, 10));

        // When
        var error = Should.Throw<InvalidOperationException>(scheduler.step);

        // Then
        error.Message.ShouldContain("LambdaDecay gives the learning rate 1.00000001E+308 at epoch 1 (param group 1, multiplier 10: Infinity)");
        TorchFixture.Lrs(optimizer).ShouldBe([1e300, 1e301]);
        scheduler.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_schedule_that_refuses_a_non_finite_rate_itself_changes_nothing()
    {
        // Given: the core refuses 0.1 · (1 + epoch · 1e308 · 10) = +∞ at epoch 1
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("LambdaDecay(learning_rate=0.1, lr_lambda='1 + epoch * 1e308 * 10')");

        // When
        Should.Throw<ArithmeticException>(() => scheduler.step(1)).Message.ShouldContain("learning rates must be finite");

        // Then
        TorchFixture.Lrs(optimizer).ShouldBe([0.1]);
        scheduler.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_schedule_that_fails_to_evaluate_changes_nothing()
    {
        // Given: exp(1000) is a math range error in Python
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("LambdaDecay(learning_rate=0.1, lr_lambda='exp(1000 * epoch)')");

        // When
        Should.Throw<OverflowException>(scheduler.step).Message.ShouldContain("exp(1000.0) is too large");

        // Then
        TorchFixture.Lrs(optimizer).ShouldBe([0.1]);
        scheduler.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_first_rate_that_is_negative_is_refused_at_creation_with_the_optimizer_untouched()
    {
        // Given
        var optimizer = _torch.Sgd(lr: 0.3, momentum: 0.6);

        // When: resumed after epoch 1, the first rate is at epoch 2: −0.1
        var error = Should.Throw<ArgumentException>(() =>
            optimizer.UseSchedule("LambdaDecay(learning_rate=0.1, lr_lambda='1 - epoch')", lastEpoch: 1));

        // Then
        error.ParamName.ShouldBe("schedule");
        error.Message.ShouldContain("-0.1 at epoch 2");
        TorchFixture.Lrs(optimizer).ShouldBe([0.3]);
        TorchFixture.Momenta(optimizer).ShouldBe([0.6]);
    }

    [Fact]
    public void A_plateau_over_a_schedule_that_goes_negative_is_refused_before_the_metric_counts()
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("ReduceOnPlateau(learning_rate=LambdaDecay(learning_rate=0.1, lr_lambda='1 - epoch'), patience=0)");
        scheduler.step(1.0);

        // When
        Should.Throw<InvalidOperationException>(() => scheduler.step(1.0)).Message.ShouldContain("-0.1 at epoch 2");

        // Then
        var plateau = (ReduceOnPlateauScheduler)scheduler.AnnealScheduler;
        plateau.LastEpoch.ShouldBe(1);
        plateau.Best.ShouldBe(1.0);
        TorchFixture.Lrs(optimizer).ShouldBe([0.0]);
    }

    [Fact]
    public void A_negative_epoch_is_refused()
    {
        var scheduler = _torch.Sgd().UseSchedule("StepDecay(learning_rate=0.1, step_size=1)");
        Should.Throw<ArgumentOutOfRangeException>(() => scheduler.step(-1)).ParamName.ShouldBe("epoch");

        var plateau = _torch.Sgd().UseSchedule("torch.ReduceLROnPlateau(lr=0.1)");
        Should.Throw<ArgumentOutOfRangeException>(() => plateau.step(1.0, -1)).ParamName.ShouldBe("epoch");
        plateau.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_param_group_added_after_creation_is_reported_on_the_next_step()
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("StepDecay(learning_rate=0.1, step_size=1)");
        optimizer.add_param_group(new SGD.ParamGroup(_torch.Layer().parameters(), lr: 0.5));

        // When
        var error = Should.Throw<InvalidOperationException>(scheduler.step);

        // Then
        error.Message.ShouldContain("now has 2 param groups, but this scheduler was created for 1");
        TorchFixture.Lrs(optimizer).ShouldBe([0.1, 0.5]);
    }
}
