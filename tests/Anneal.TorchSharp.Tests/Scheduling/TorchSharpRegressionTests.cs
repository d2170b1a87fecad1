using Anneal.TorchSharp.Tests.TestSupport;
using static TorchSharp.torch;

namespace Anneal.TorchSharp.Tests.Scheduling;

/// The behaviour differences from PyTorch confirmed in TorchSharp 0.107's own schedulers, each as a test that the
/// binding has PyTorch's behaviour. Expected values are worked out by hand from PyTorch's formulas.
[Collection(TorchCollection.Name)]
public sealed class TorchSharpRegressionTests : IDisposable
{
    // OneCycleLR, linear: initial = max_lr / 25 = 0.1, min = 0.1 / 2 = 0.05, phases end at 0.3·10 − 1 = 2 and 9:
    // 0.1 → 2.5 over steps 0..2, then 2.5 → 0.05 over 2..9 (−0.35 per step).
    private const string OneCycle = "torch.OneCycleLR(lr=0.1, max_lr=2.5, total_steps=10, anneal_strategy='linear', final_div_factor=2.0)";
    private static readonly double[] OneCycleRates = [0.1, 1.3, 2.5, 2.15, 1.8, 1.45, 1.1, 0.75, 0.4, 0.05];

    // Its momentum: max 0.95 → base 0.85 over 0..2, then back to 0.95 over 2..9 (+0.1/7 per step).
    private static readonly double[] OneCycleMomenta = [0.95, 0.9, 0.85, .. Enumerable.Range(1, 7).Select(k => 0.85 + (0.1 * k / 7))];

    private readonly TorchFixture _torch = new();

    public void Dispose() => _torch.Dispose();

    [Fact]
    public void OneCycleLR_with_two_param_groups_anneals_both()
    {
        // Given: groups created at 0.1 and 0.01 (TorchSharp 0.107 never anneals the second group)
        var optimizer = _torch.Sgd([0.1, 0.01]);
        var scheduler = optimizer.UseSchedule(OneCycle);

        // When
        var (rates, momenta) = Run(scheduler, optimizer, 10);

        // Then: both groups follow the cycle, group 1 at a tenth; both get the momentum
        rates.Select(r => r[0]).ShouldBeClose(OneCycleRates);
        rates.Select(r => r[1]).ShouldBeClose([.. OneCycleRates.Select(r => r * 0.1)]);
        momenta.Select(m => m[0]).ShouldBeClose(OneCycleMomenta);
        momenta.Select(m => m[1]).ShouldBeClose(OneCycleMomenta);
    }

    [Fact]
    public void CyclicLR_momentum_falls_as_the_rate_rises()
    {
        // Given: triangular2 from 1 to 5 in 4 steps; momentum from 0.9 (at the base) to 0.8 (at the peak)
        var optimizer = _torch.Sgd(lr: 1.0);
        var scheduler = optimizer.UseSchedule("torch.CyclicLR(lr=1.0, base_lr=1.0, max_lr=5.0, step_size_up=4, mode='triangular2')");

        // When
        var (rates, momenta) = Run(scheduler, optimizer, 13);

        // Then: PyTorch's unit-test rates; momentum = 0.9 − 0.1 · height · scale
        rates.Select(r => r[0]).ShouldBeClose(1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5, 3);
        momenta.Select(m => m[0]).ShouldBeClose(0.9, 0.875, 0.85, 0.825, 0.8, 0.825, 0.85, 0.875, 0.9, 0.8875, 0.875, 0.8625, 0.85);
        momenta[4][0].ShouldBe(0.8); // base_momentum at the peak rate
        scheduler.LastMomentum.ShouldNotBeNull().ShouldBeClose(0.85);
    }

    [Fact]
    public void CyclicLR_exp_range_scales_per_iteration()
    {
        // Given: step_size_up = 2, gamma = 0.5; exp_range scales by gamma^step (TorchSharp 0.107: gamma^cycle)
        var optimizer = _torch.Sgd(lr: 1.0);
        var scheduler = optimizer.UseSchedule("torch.CyclicLR(lr=1.0, base_lr=1.0, max_lr=5.0, step_size_up=2, mode='exp_range', gamma=0.5)");

        // When
        var (rates, momenta) = Run(scheduler, optimizer, 7);

        // Then: lr = 1 + 4 · height · 0.5^e, momentum = 0.9 − 0.1 · height · 0.5^e, height = 0, ½, 1, ½, 0, ½, 1
        rates.Select(r => r[0]).ShouldBeClose(1, 2, 2, 1.25, 1, 1.0625, 1.0625);
        momenta.Select(m => m[0]).ShouldBeClose(0.9, 0.875, 0.875, 0.89375, 0.9, 0.8984375, 0.8984375);
    }

    [Fact]
    public void CyclicLR_works_with_Adam_by_cycling_beta1_and_keeping_beta2()
    {
        // Given (TorchSharp 0.107 refuses Adam: it has betas, not momentum)
        var optimizer = _torch.Adam([0.001], beta2: 0.999);
        var scheduler = optimizer.UseSchedule("torch.CyclicLR(lr=0.001, base_lr=0.001, max_lr=0.005, step_size_up=2)");
        var rates = new List<double>();
        var betas = new List<(double, double)>();

        // When
        for (var i = 0; i < 5; i++)
        {
            rates.Add(TorchFixture.Lrs(optimizer)[0]);
            betas.Add(TorchFixture.Betas(optimizer)[0]);
            scheduler.step();
        }

        // Then
        rates.ShouldBeClose(0.001, 0.003, 0.005, 0.003, 0.001);
        betas.Select(b => b.Item1).ShouldBeClose(0.9, 0.85, 0.8, 0.85, 0.9);
        betas.Select(b => b.Item2).ShouldAllBe(b2 => b2 == 0.999);
    }

    [Fact]
    public void MultiStepLR_with_a_repeated_milestone_applies_gamma_twice()
    {
        // Given
        var optimizer = _torch.Sgd();
        var scheduler = optimizer.UseSchedule("torch.MultiStepLR(lr=0.1, milestones=[2, 2], gamma=0.1)");

        // When
        var (rates, _) = Run(scheduler, optimizer, 5);

        // Then: 0.1 · 0.1² from epoch 2 on
        rates.Select(r => r[0]).ShouldBeClose(0.1, 0.1, 0.001, 0.001, 0.001);
    }

    [Fact]
    public void ReduceLROnPlateau_get_last_lr_is_fresh_right_after_the_step_that_cut()
    {
        // Given: PyTorch's rule, patience 1, factor 0.5; two groups
        var optimizer = _torch.Sgd([0.1, 0.01]);
        var scheduler = optimizer.UseSchedule("torch.ReduceLROnPlateau(lr=0.1, factor=0.5, patience=1)");
        scheduler.step(1.0);
        scheduler.step(1.0);

        // When: the second bad epoch (> patience) cuts
        scheduler.step(1.0);

        // Then
        scheduler.get_last_lr().ShouldBeClose(0.05, 0.005);
        TorchFixture.Lrs(optimizer).ShouldBeClose(0.05, 0.005);
    }

    [Fact]
    public void A_chained_scheduler_reports_its_rate()
    {
        // Given: PyTorch's documented ChainedScheduler example (TorchSharp 0.107's ChainedLR reports null)
        var optimizer = _torch.Sgd(lr: 0.5);
        var scheduler = optimizer.UseSchedule(
            "torch.ChainedScheduler(lr=0.5, schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.9)])");

        // When
        var (rates, _) = Run(scheduler, optimizer, 3);

        // Then: 0.5 · 0.1 · 0.9^e
        rates.Select(r => r[0]).ShouldBeClose(0.05, 0.045, 0.0405);
        scheduler.get_last_lr().ShouldNotBeNull().ShouldBeClose(0.0405);
    }

    [Fact]
    public void A_sequential_scheduler_reports_its_rate()
    {
        // Given: ConstantLR(½) for 2 epochs, then ExponentialLR counted from its own epoch 0
        var optimizer = _torch.Sgd(lr: 0.1);
        var scheduler = optimizer.UseSchedule(
            "torch.SequentialLR(lr=0.1, schedulers=[torch.ConstantLR(factor=0.5, total_iters=2), torch.ExponentialLR(gamma=0.9)], milestones=[2])");

        // When
        var (rates, _) = Run(scheduler, optimizer, 5);

        // Then
        rates.Select(r => r[0]).ShouldBeClose(0.05, 0.05, 0.1, 0.09, 0.081);
        scheduler.get_last_lr().ShouldBeClose(0.081);
    }

    [Fact]
    public void Cosine_resumed_mid_run_gives_the_uninterrupted_values()
    {
        // Given: the uninterrupted run, 0.05 · (1 + cos(πe/10))
        const string Cosine = "torch.CosineAnnealingLR(lr=0.1, T_max=10)";
        var expected = Enumerable.Range(0, 11).Select(e => 0.05 * (1 + Math.Cos(Math.PI * e / 10))).ToArray();
        var (uninterrupted, _) = Run(_torch.Sgd().UseSchedule(Cosine), null, 11);

        // When: resumed after epoch 4 through lastEpoch, and through saved state in a new optimizer
        var fromLastEpoch = Run(_torch.Sgd().UseSchedule(Cosine, lastEpoch: 4), null, 6).Rates;
        var first = _torch.Sgd().UseSchedule(Cosine);
        Run(first, null, 4);
        first.step();
        var fromState = Run(AnnealLRScheduler.Restore(_torch.Sgd(), first.SaveState()), null, 7).Rates;

        // Then
        uninterrupted.Select(r => r[0]).ShouldBeClose(expected);
        fromLastEpoch.Select(r => r[0]).ShouldBeClose(expected[5..]);
        fromState.Select(r => r[0]).ShouldBe(uninterrupted.Select(r => r[0]).Skip(4));
    }

    [Fact]
    public void OneCycleLR_resumed_mid_run_gives_the_uninterrupted_values()
    {
        // Given (TorchSharp 0.107 throws when OneCycleLR is created with last_epoch)
        var optimizer = _torch.Sgd();

        // When: resumed after epoch 4
        var scheduler = optimizer.UseSchedule(OneCycle, lastEpoch: 4);
        var (rates, momenta) = Run(scheduler, optimizer, 5);

        // Then
        scheduler.LastEpoch.ShouldBe(9);
        rates.Select(r => r[0]).ShouldBeClose(OneCycleRates[5..]);
        momenta.Select(m => m[0]).ShouldBeClose(OneCycleMomenta[5..]);
    }

    [Fact]
    public void OneCycleLR_restored_from_saved_state_gives_the_uninterrupted_values()
    {
        // Given: 4 steps, then the state
        var first = _torch.Sgd().UseSchedule(OneCycle);
        for (var i = 0; i < 4; i++)
        {
            first.step();
        }

        var state = first.SaveState();

        // When: a new optimizer, the saved state
        var optimizer = _torch.Sgd();
        var scheduler = AnnealLRScheduler.Restore(optimizer, state);
        var (rates, momenta) = Run(scheduler, optimizer, 6);

        // Then
        rates.Select(r => r[0]).ShouldBeClose(OneCycleRates[4..]);
        momenta.Select(m => m[0]).ShouldBeClose(OneCycleMomenta[4..]);
    }

    /// The rates (and SGD momenta when an optimizer is given) reported at the current epoch and after each of
    /// <paramref name="count"/> − 1 steps.
    private static (List<double[]> Rates, List<double[]> Momenta) Run(AnnealLRScheduler scheduler, optim.Optimizer? optimizer, int count)
    {
        var rates = new List<double[]>();
        var momenta = new List<double[]>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                scheduler.step();
            }

            rates.Add(scheduler.get_last_lr().ToArray());
            if (optimizer is not null)
            {
                TorchFixture.Lrs(optimizer).ShouldBe(rates[^1]);
                momenta.Add(TorchFixture.Momenta(optimizer));
            }
        }

        return (rates, momenta);
    }
}
