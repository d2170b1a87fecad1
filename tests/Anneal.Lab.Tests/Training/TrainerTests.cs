using Anneal.Lab.Data;
using Anneal.Lab.Models;
using Anneal.Lab.Tests.TestSupport;
using Anneal.Lab.Training;

namespace Anneal.Lab.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LabTensors _data;

    public TrainerTests()
    {
        TinyData.Write(_dir.Path, 200, 100);
        _data = new LabTensors(FashionMnist.Load(_dir.Path));
    }

    public void Dispose()
    {
        _data.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Train_RecordsEveryStepAndEpoch_AndLearnsTheTinyData()
    {
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32 };

        var run = Trainer.Train(_data, options, "cosine", new CosineAnnealingDecay(learningRate: 0.05, tMax: 21));

        run.Steps.Count.ShouldBe(21);
        run.Steps.Select(s => s.Step).ShouldBe(Enumerable.Range(0, 21).Select(i => (long)i));
        run.Steps[0].Lr.ShouldBe(0.05);
        run.Steps[^1].Lr.ShouldBe(new CosineAnnealingDecay(learningRate: 0.05, tMax: 21).At(20), 1e-15);
        run.Steps.Select(s => s.Epoch).Distinct().ShouldBe([1, 2, 3]);
        run.Epochs.Count.ShouldBe(3);
        run.Outcome.ShouldBe(RunOutcome.Trained);
        run.FinalAccuracy.ShouldBeGreaterThan(0.5);
        run.Spec.ShouldBe("CosineAnnealingDecay(learning_rate=0.05, T_max=21)");
    }

    [Fact]
    public void Train_SameSeed_SameRun()
    {
        var options = new TrainingOptions { Epochs = 1, BatchSize = 50, Seed = 42 };
        var a = Trainer.Train(_data, options, "a", new Constant(0.03));
        var b = Trainer.Train(_data, options, "b", new Constant(0.03));
        a.Steps.Select(s => s.Loss).ShouldBe(b.Steps.Select(s => s.Loss));
        a.Epochs[0].TestAccuracy.ShouldBe(b.Epochs[0].TestAccuracy);
    }

    [Fact]
    public void Train_HugeLr_IsDetectedAsDiverged_AndStopsThere()
    {
        var run = Trainer.Train(_data, new TrainingOptions { Epochs = 3, BatchSize = 20 }, "boom", new Constant(1e4));

        run.Outcome.ShouldBe(RunOutcome.Diverged);
        double.IsFinite(run.Steps[^1].Loss).ShouldBeFalse();
        run.Steps.Count.ShouldBeLessThan(30);
        run.FinalAccuracy.ShouldBe(0);
    }

    [Fact]
    public void Train_ReduceOnPlateau_StepsOncePerEpoch()
    {
        var plateau = ScheduleSpec.Parse("ReduceOnPlateau(learning_rate=0.1, factor=0.5, patience=0, threshold=10.0)");

        var run = Trainer.Train(_data, new TrainingOptions { Epochs = 4, BatchSize = 50 }, "plateau", plateau);

        // The first metric becomes the best; with threshold=10 (relative) no later epoch improves on it, so after
        // epochs 2 and 3 the rate halves (patience 0: one bad epoch is enough). It stays constant within an epoch.
        run.Steps.GroupBy(s => s.Epoch).Select(g => g.Select(s => s.Lr).Distinct().Single()).ShouldBe([0.1, 0.1, 0.05, 0.025]);
    }

    [Fact]
    public void EpochsTo_IsTheFirstEpochAtTheTarget()
    {
        var run = new RunResult("r", "s", [], [new(1, 1, 1, 0.5, 0.1), new(2, 1, 1, 0.9, 0.1), new(3, 1, 1, 0.95, 0.1)], RunOutcome.Trained, 1);
        run.EpochsTo(0.9).ShouldBe(2);
        run.EpochsTo(0.99).ShouldBeNull();
        run.BestAccuracy.ShouldBe(0.95);
    }

    [Theory]
    [InlineData(ModelKind.Mlp)]
    [InlineData(ModelKind.Cnn)]
    public void Models_MapImagesToTenLogits(ModelKind kind)
    {
        using var model = LabModels.Create(kind);
        using var logits = model.forward(_data.TestX.narrow(0, 0, 4));
        logits.shape.ShouldBe([4L, 10L]);
    }
}
