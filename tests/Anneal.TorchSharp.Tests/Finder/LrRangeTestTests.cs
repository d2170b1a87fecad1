using Anneal.TorchSharp.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp.Tests.Finder;

[Collection(TorchCollection.Name)]
public class LrRangeTestTests
{
    private static (nn.Module<Tensor, Tensor> Model, optim.Optimizer Optimizer, Tensor X, Tensor Y) Setup()
    {
        torch.manual_seed(3);
        var model = nn.Sequential(("fc1", nn.Linear(4, 8)), ("relu", nn.ReLU()), ("fc2", nn.Linear(8, 3)));
        var optimizer = torch.optim.SGD(model.parameters(), 0.05, 0.9);
        var x = torch.randn(64, 4);
        var y = torch.randint(0, 3, [64], dtype: ScalarType.Int64);
        return (model, optimizer, x, y);
    }

    private static void TrainStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        using var loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
    }

    private static float[] Parameters(nn.Module model) => [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];

    [Fact]
    public void Run_RestoresWeightsMomentumAndLr_SoTrainingContinuesAsIfItNeverRan()
    {
        // Given: two identical models, each trained two steps (so SGD has momentum buffers)
        var (a, optA, x, y) = Setup();
        var (b, optB, _, _) = Setup();
        for (var i = 0; i < 2; i++)
        {
            TrainStep(a, optA, x, y);
            TrainStep(b, optB, x, y);
        }

        // When: the range test runs on one of them, then both take one more step
        var result = LrRangeTest.Run(a, optA, _ => nn.functional.cross_entropy(a.forward(x), y), new LrRangeTestOptions { Steps = 30 });
        optA.ParamGroups.Single().LearningRate.ShouldBe(0.05);
        TrainStep(a, optA, x, y);
        TrainStep(b, optB, x, y);

        // Then: exactly the same weights
        result.Lrs.Count.ShouldBeGreaterThan(1);
        Parameters(a).ShouldBe(Parameters(b));
    }

    [Fact]
    public void Run_SweepsExponentially_AndSmoothsWithBiasCorrectedEma()
    {
        var (model, optimizer, x, y) = Setup();
        var options = new LrRangeTestOptions { StartLr = 1e-5, EndLr = 1e-1, Steps = 5, DivergenceFactor = 1e9 };

        var result = LrRangeTest.Run(model, optimizer, _ => nn.functional.cross_entropy(model.forward(x), y), options);

        result.Lrs.Count.ShouldBe(5);
        for (var i = 0; i < 5; i++)
        {
            result.Lrs[i].ShouldBe(1e-5 * Math.Pow(10, i), 1e-15 * Math.Pow(10, i));
        }

        var average = 0.0;
        for (var i = 0; i < 5; i++)
        {
            average = (0.98 * average) + (0.02 * result.Losses[i]);
            result.SmoothedLosses[i].ShouldBe(average / (1 - Math.Pow(0.98, i + 1)), 1e-12);
        }

        result.SmoothedLosses[0].ShouldBe(result.Losses[0], 1e-12);
        result.StoppedEarly.ShouldBeFalse();
    }

    [Fact]
    public void Run_StopsOnceTheSmoothedLossPassesFourTimesTheBest()
    {
        // Given: f(w) = w^2 + 1 from w = 1: plain gradient descent multiplies w by 1 - 2·lr, so it blows up past lr = 1
        var w = nn.Parameter(torch.ones(1));
        var module = new ParameterHolder(w);
        var optimizer = torch.optim.SGD([w], 0.1);

        // When
        var result = LrRangeTest.Run(module, optimizer, _ => (w.pow(2) + 1).sum(), new LrRangeTestOptions { StartLr = 1e-3, EndLr = 1e3, Steps = 200 });

        // Then
        result.StoppedEarly.ShouldBeTrue();
        result.Lrs.Count.ShouldBeLessThan(200);
        var best = result.SmoothedLosses.Take(result.SmoothedLosses.Count - 1).Min();
        var last = result.SmoothedLosses[^1];
        (last > 4 * best || !double.IsFinite(last)).ShouldBeTrue();
        w.data<float>()[0].ShouldBe(1f);
        optimizer.ParamGroups.Single().LearningRate.ShouldBe(0.1);
    }

    [Fact]
    public void Run_WithTwoParamGroups_SweepsBoth_AndRestoresEachGroupsOwnRate()
    {
        torch.manual_seed(5);
        var first = nn.Linear(4, 3);
        var second = nn.Linear(4, 3);
        var model = new ModuleHolder(first, second);
        var optimizer = torch.optim.SGD(
            [new SGD.ParamGroup(first.parameters(), lr: 0.2), new SGD.ParamGroup(second.parameters(), lr: 0.02)], 0.2);
        var x = torch.randn(16, 4);
        var y = torch.randint(0, 3, [16], dtype: ScalarType.Int64);
        var seen = new List<(double, double)>();

        var result = LrRangeTest.Run(
            model,
            optimizer,
            _ =>
            {
                seen.Add((optimizer.ParamGroups.First().LearningRate, optimizer.ParamGroups.Last().LearningRate));
                return nn.functional.cross_entropy(first.forward(x) + second.forward(x), y);
            },
            new LrRangeTestOptions { StartLr = 1e-4, EndLr = 1e-2, Steps = 3, DivergenceFactor = 1e9 });

        // Every group trains at the sweep's rate (1e-4, 1e-3, 1e-2), then gets its own rate back.
        seen.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            seen[i].Item1.ShouldBe(result.Lrs[i]);
            seen[i].Item2.ShouldBe(result.Lrs[i]);
            result.Lrs[i].ShouldBe(1e-4 * Math.Pow(10, i), 1e-18 * Math.Pow(10, i));
        }

        optimizer.ParamGroups.Select(g => g.LearningRate).ShouldBe([0.2, 0.02]);
    }

    [Fact]
    public void Run_WhenTheLossFunctionThrows_RestoresTheModelAndOptimizer_AndRethrows()
    {
        var (model, optimizer, x, y) = Setup();
        var before = Parameters(model);

        var ex = Should.Throw<InvalidOperationException>(() => LrRangeTest.Run(
            model,
            optimizer,
            i => i < 5 ? nn.functional.cross_entropy(model.forward(x), y) : throw new InvalidOperationException("data loader failed"),
            new LrRangeTestOptions { Steps = 20 }));

        ex.Message.ShouldBe("data loader failed");
        Parameters(model).ShouldBe(before);
        optimizer.ParamGroups.Single().LearningRate.ShouldBe(0.05);
    }

    [Fact]
    public void Run_Cancelled_RestoresTheModelAndOptimizer()
    {
        var (model, optimizer, x, y) = Setup();
        var before = Parameters(model);
        using var cancel = new CancellationTokenSource();

        Should.Throw<OperationCanceledException>(() => LrRangeTest.Run(
            model,
            optimizer,
            _ => nn.functional.cross_entropy(model.forward(x), y),
            new LrRangeTestOptions { Steps = 20 },
            progress: i =>
            {
                if (i == 3)
                {
                    cancel.Cancel();
                }
            },
            cancellationToken: cancel.Token));

        Parameters(model).ShouldBe(before);
        optimizer.ParamGroups.Single().LearningRate.ShouldBe(0.05);
    }

    [Fact]
    public void Run_BadInput_IsRefusedWithTheParameterNamed_BeforeAnythingChanges()
    {
        var (model, optimizer, x, y) = Setup();
        Func<long, Tensor> loss = _ => nn.functional.cross_entropy(model.forward(x), y);

        Should.Throw<ArgumentNullException>(() => LrRangeTest.Run(null!, optimizer, loss)).ParamName.ShouldBe("model");
        Should.Throw<ArgumentNullException>(() => LrRangeTest.Run(model, null!, loss)).ParamName.ShouldBe("optimizer");
        Should.Throw<ArgumentNullException>(() => LrRangeTest.Run(model, optimizer, null!)).ParamName.ShouldBe("loss");
        var bad = Should.Throw<ArgumentException>(() => LrRangeTest.Run(model, optimizer, loss, new LrRangeTestOptions { EndLr = 1e-9 }));
        bad.ParamName.ShouldBe("options");
        bad.Message.ShouldContain("EndLr = 1E-09 must be finite and > StartLr = 1E-07");

        var before = Parameters(model);
        optimizer.Dispose();
        var disposed = Should.Throw<ObjectDisposedException>(() => LrRangeTest.Run(model, optimizer, loss));
        disposed.Message.ShouldContain("has been disposed");
        Parameters(model).ShouldBe(before);
    }

    [Fact]
    public void Options_Validate_ReportsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new LrRangeTestOptions { StartLr = 0, Steps = 1, Beta = 1 }.Validate());
        ex.Message.ShouldContain("StartLr = 0");
        ex.Message.ShouldContain("Steps = 1");
        ex.Message.ShouldContain("Beta = 1");
    }

    private sealed class ModuleHolder : nn.Module
    {
        public ModuleHolder(nn.Module first, nn.Module second)
            : base("pair")
        {
            register_module("first", first);
            register_module("second", second);
        }
    }

    private sealed class ParameterHolder : nn.Module
    {
        public ParameterHolder(global::TorchSharp.Modules.Parameter w)
            : base("holder")
        {
            register_parameter("w", w);
        }
    }
}
