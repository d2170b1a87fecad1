using Anneal.Lab.Finder;
using TorchSharp;
using static TorchSharp.torch;

namespace Anneal.Lab.Tests.Finder;

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
    public void Options_Validate_ReportsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new LrRangeTestOptions { StartLr = 0, Steps = 1, Beta = 1 }.Validate());
        ex.Message.ShouldContain("StartLr = 0");
        ex.Message.ShouldContain("Steps = 1");
        ex.Message.ShouldContain("Beta = 1");
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
