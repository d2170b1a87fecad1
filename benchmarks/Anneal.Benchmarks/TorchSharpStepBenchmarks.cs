using Anneal.TorchSharp;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchLRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Anneal.Benchmarks;

/// <summary>
/// The TorchSharp binding's <c>step()</c> against TorchSharp 0.107's own StepLR, CosineAnnealingLR and OneCycleLR of
/// the same shape, each on its own tiny SGD optimizer (one 4 → 1 layer, momentum 0.9) so that no scheduler reads
/// another's rate. Targets: 0 bytes per step and at most half of TorchSharp's time (the Ratio column, TorchSharp's
/// scheduler of the same category being the baseline).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TorchSharpStepBenchmarks
{
    // Long enough that no run reaches the end of OneCycleLR or sees StepLR's rate underflow per step.
    private const int TotalSteps = int.MaxValue - 1;

    private readonly List<IDisposable> _owned = [];
    private TorchLRScheduler _torchStep = null!;
    private TorchLRScheduler _torchCosine = null!;
    private TorchLRScheduler _torchOneCycle = null!;
    private AnnealLRScheduler _annealStep = null!;
    private AnnealLRScheduler _annealCosine = null!;
    private AnnealLRScheduler _annealOneCycle = null!;

    [GlobalSetup]
    public void Setup()
    {
        _torchStep = optim.lr_scheduler.StepLR(Sgd(), step_size: 100_000, gamma: 0.5);
        _torchCosine = optim.lr_scheduler.CosineAnnealingLR(Sgd(), T_max: 1000);
        _torchOneCycle = optim.lr_scheduler.OneCycleLR(Sgd(), max_lr: 0.1, total_steps: TotalSteps);
        _annealStep = Sgd().UseSchedule("torch.StepLR(lr=0.1, step_size=100000, gamma=0.5)");
        _annealCosine = Sgd().UseSchedule("torch.CosineAnnealingLR(lr=0.1, T_max=1000)");
        _annealOneCycle = Sgd().UseSchedule($"torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps={TotalSteps})");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "TorchSharp StepLR")]
    [BenchmarkCategory("StepLR")]
    public void TorchSharpStepLR() => _torchStep.step();

    [Benchmark(Description = "Anneal torch.StepLR")]
    [BenchmarkCategory("StepLR")]
    public void AnnealStepLR() => _annealStep.step();

    [Benchmark(Baseline = true, Description = "TorchSharp CosineAnnealingLR")]
    [BenchmarkCategory("CosineAnnealingLR")]
    public void TorchSharpCosineAnnealingLR() => _torchCosine.step();

    [Benchmark(Description = "Anneal torch.CosineAnnealingLR")]
    [BenchmarkCategory("CosineAnnealingLR")]
    public void AnnealCosineAnnealingLR() => _annealCosine.step();

    [Benchmark(Baseline = true, Description = "TorchSharp OneCycleLR")]
    [BenchmarkCategory("OneCycleLR")]
    public void TorchSharpOneCycleLR() => _torchOneCycle.step();

    [Benchmark(Description = "Anneal torch.OneCycleLR")]
    [BenchmarkCategory("OneCycleLR")]
    public void AnnealOneCycleLR() => _annealOneCycle.step();

    private SGD Sgd()
    {
        var layer = nn.Linear(4, 1);
        var optimizer = optim.SGD(layer.parameters(), 0.1, momentum: 0.9);
        _owned.Add(optimizer);
        _owned.Add(layer);
        return optimizer;
    }
}
