using System.Globalization;
using Anneal.Samples.TorchSharp;
using Anneal.TorchSharp.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp.Tests.Scheduling;

[Collection(TorchCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private const string OneCycle = "torch.OneCycleLR(lr=0.01, max_lr=0.05, total_steps=20)";

    private readonly TorchFixture _torch = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-checkpoint-").FullName;

    public void Dispose()
    {
        _torch.Dispose();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public void A_run_interrupted_and_resumed_in_a_fresh_process_ends_with_the_same_rates_and_weights()
    {
        // Given: the uninterrupted run of the sample's training
        const int Total = 40;
        const int Stop = 15;
        using var uninterrupted = WarmupCosineTraining.Start(Total);
        var expected = uninterrupted.Train(Total);
        var expectedWeights = uninterrupted.Weights();

        // When: one process trains 15 steps and saves a checkpoint; another resumes from it to the end
        var first = RunChild(Program.CheckpointTrain, _dir, Total.ToString(CultureInfo.InvariantCulture), Stop.ToString(CultureInfo.InvariantCulture));
        var second = RunChild(Program.CheckpointResume, _dir, Total.ToString(CultureInfo.InvariantCulture));

        // Then: every step's learning rate and loss, and every weight, bit for bit
        var steps = first.Steps.Concat(second.Steps).ToList();
        steps.Select(s => s.Step).ShouldBe(Enumerable.Range(0, Total).Select(i => (long)i));
        steps.Select(s => s.LearningRate).ShouldBe(expected.Select(s => s.LearningRate));
        steps.Select(s => s.Loss).ShouldBe(expected.Select(s => s.Loss));
        second.Weights.ShouldBe(expectedWeights);
        first.Weights.ShouldNotBe(expectedWeights);
    }

    [Fact]
    public void Restore_puts_back_the_model_the_optimizer_and_the_scheduler()
    {
        // Given: Adam with two groups under OneCycleLR, trained 3 steps, then saved
        var (model, optimizer) = AdamModel(seed: 1);
        var scheduler = optimizer.UseSchedule(OneCycle);
        Train(model, optimizer, scheduler, 3);
        Checkpoint.Save(_dir, optimizer, scheduler, model);
        var (otherModel, otherOptimizer) = AdamModel(seed: 2);

        // When
        var restored = Checkpoint.Restore(_dir, otherOptimizer, otherModel);

        // Then: the same weights, rates, betas; and both continue identically
        Weights(otherModel).ShouldBe(Weights(model));
        restored.LastEpoch.ShouldBe(3);
        TorchFixture.Lrs(otherOptimizer).ShouldBe(TorchFixture.Lrs(optimizer));
        TorchFixture.Betas(otherOptimizer).ShouldBe(TorchFixture.Betas(optimizer));
        Train(model, optimizer, scheduler, 4);
        Train(otherModel, otherOptimizer, restored, 4);
        Weights(otherModel).ShouldBe(Weights(model));
        restored.get_last_lr().ShouldBe(scheduler.get_last_lr());
        Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ShouldBe([Checkpoint.ModelFileName, Checkpoint.OptimizerFileName, Checkpoint.SchedulerFileName]);
    }

    [Fact]
    public void Load_into_an_existing_scheduler_continues_the_run()
    {
        // Given
        var (model, optimizer) = AdamModel(seed: 1);
        var scheduler = optimizer.UseSchedule(OneCycle);
        Train(model, optimizer, scheduler, 5);
        Checkpoint.Save(_dir, optimizer, scheduler, model);
        var (otherModel, otherOptimizer) = AdamModel(seed: 2);
        var other = otherOptimizer.UseSchedule(OneCycle);

        // When
        Checkpoint.Load(_dir, otherOptimizer, other, otherModel);

        // Then
        other.LastEpoch.ShouldBe(5);
        other.get_last_lr().ShouldBe(scheduler.get_last_lr());
        Weights(otherModel).ShouldBe(Weights(model));
    }

    [Fact]
    public void A_checkpoint_for_another_schedule_is_refused_and_nothing_is_loaded()
    {
        // Given
        var (model, optimizer) = AdamModel(seed: 1);
        var scheduler = optimizer.UseSchedule(OneCycle);
        Train(model, optimizer, scheduler, 2);
        Checkpoint.Save(_dir, optimizer, scheduler, model);
        var (otherModel, otherOptimizer) = AdamModel(seed: 2);
        var other = otherOptimizer.UseSchedule("torch.CosineAnnealingLR(lr=0.01, T_max=20)");
        var weights = Weights(otherModel);
        var lrs = TorchFixture.Lrs(otherOptimizer);

        // When
        var error = Should.Throw<ArgumentException>(() => Checkpoint.Load(_dir, otherOptimizer, other, otherModel));

        // Then
        error.Message.ShouldContain(Checkpoint.SchedulerFileName);
        error.Message.ShouldContain("the state is for torch.OneCycleLR(lr=0.01, max_lr=0.05, total_steps=20), not for this scheduler's torch.CosineAnnealingLR(lr=0.01, T_max=20)");
        Weights(otherModel).ShouldBe(weights);
        TorchFixture.Lrs(otherOptimizer).ShouldBe(lrs);
        other.LastEpoch.ShouldBe(0);
    }

    [Fact]
    public void A_checkpoint_for_another_number_of_param_groups_is_refused_and_nothing_is_loaded()
    {
        // Given
        var (model, optimizer) = AdamModel(seed: 1);
        Checkpoint.Save(_dir, optimizer, optimizer.UseSchedule(OneCycle), model);
        var layer = _torch.Layer();
        var single = _torch.Own(optim.Adam(layer.parameters(), 0.02));

        // When
        var error = Should.Throw<ArgumentException>(() => Checkpoint.Restore(_dir, single));

        // Then
        error.Message.ShouldContain("the state is for an optimizer with 2 param group(s), but this optimizer (Adam) has 1");
        TorchFixture.Lrs(single).ShouldBe([0.02]);
    }

    [Fact]
    public void A_missing_file_is_named_and_nothing_is_loaded()
    {
        // Given: a checkpoint saved without the model
        var (model, optimizer) = AdamModel(seed: 1);
        var scheduler = optimizer.UseSchedule(OneCycle);
        Checkpoint.Save(_dir, optimizer, scheduler);
        var (otherModel, otherOptimizer) = AdamModel(seed: 2);

        // When
        var error = Should.Throw<FileNotFoundException>(() => Checkpoint.Restore(_dir, otherOptimizer, otherModel));

        // Then
        error.Message.ShouldContain($"the checkpoint has no {Checkpoint.ModelFileName}");
        TorchFixture.Lrs(otherOptimizer).ShouldBe([0.01, 0.005]);
        File.Exists(Path.Combine(_dir, Checkpoint.ModelFileName)).ShouldBeFalse();
    }

    [Fact]
    public void Save_refuses_a_scheduler_of_another_optimizer()
    {
        var (_, optimizer) = AdamModel(seed: 1);
        var (_, other) = AdamModel(seed: 2);

        Should.Throw<ArgumentException>(() => Checkpoint.Save(_dir, optimizer, other.UseSchedule(OneCycle)))
            .ParamName.ShouldBe("scheduler");
    }

    /// A 4 → 3 → 1 model whose two layers are Adam's two param groups (0.01 and 0.005).
    private (Sequential Model, Adam Optimizer) AdamModel(int seed)
    {
        torch.manual_seed(seed);
        var first = nn.Linear(4, 3);
        var second = nn.Linear(3, 1);
        var model = _torch.Own(nn.Sequential(first, nn.Tanh(), second));
        var optimizer = _torch.Own(optim.Adam(
            [new Adam.ParamGroup(first.parameters(), lr: 0.01), new Adam.ParamGroup(second.parameters(), lr: 0.005)],
            0.01));
        return (model, optimizer);
    }

    private static void Train(Sequential model, optim.Optimizer optimizer, AnnealLRScheduler scheduler, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.arange(8, dtype: torch.float32).reshape(2, 4) / 8 + scheduler.LastEpoch;
            optimizer.zero_grad();
            model.forward(x).pow(2).sum().backward();
            optimizer.step();
            scheduler.step();
        }
    }

    private static float[] Weights(Sequential model) => model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    private static (List<TrainingStep> Steps, float[] Weights) RunChild(params string[] arguments)
    {
        var result = ProcessRunner.Dotnet([typeof(Program).Assembly.Location, .. arguments], AppContext.BaseDirectory);
        result.ExitCode.ShouldBe(0, result.ToString());
        var steps = new List<TrainingStep>();
        float[]? weights = null;
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "step")
            {
                steps.Add(new TrainingStep(
                    long.Parse(parts[1], CultureInfo.InvariantCulture),
                    double.Parse(parts[2], CultureInfo.InvariantCulture),
                    double.Parse(parts[3], CultureInfo.InvariantCulture)));
            }
            else if (parts[0] == "weights")
            {
                weights = parts.Skip(1).Select(h => BitConverter.Int32BitsToSingle(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray();
            }
        }

        return (steps, weights.ShouldNotBeNull(result.ToString()));
    }
}
