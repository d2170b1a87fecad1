using Anneal.Samples.TorchSharp;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests.Scheduling;

/// The sample really trains: these run its training code.
[Collection(TorchCollection.Name)]
public sealed class SampleTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Each_step_trains_at_the_warmup_then_cosine_rate_and_the_loss_falls()
    {
        // Given
        using var training = WarmupCosineTraining.Start(60);
        var lossBefore = training.Loss();

        // When
        var steps = training.Train(60);

        // Then: the rate each optimizer step used is the schedule's at that step
        steps.Count.ShouldBe(60);
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].Step.ShouldBe(i);
            steps[i].LearningRate.ShouldBe(training.Schedule.At(i));
        }

        // 0 → 0.05 in 5 warmup steps, then 0.025 · (1 + cos(π(k − 5)/55))
        steps.Take(6).Select(s => s.LearningRate).ShouldBeClose(0.0, 0.01, 0.02, 0.03, 0.04, 0.05);
        steps[32].LearningRate.ShouldBeClose(0.025 * (1 + Math.Cos(Math.PI * 27 / 55)));
        steps[59].LearningRate.ShouldBeClose(0.025 * (1 + Math.Cos(Math.PI * 54 / 55)));

        // The loss falls: over the whole data set, and batch by batch from the first to the last pass
        training.Loss().ShouldBeLessThan(lossBefore * 0.3);
        steps.TakeLast(8).Average(s => s.Loss).ShouldBeLessThan(steps.Take(8).Average(s => s.Loss) * 0.5);
        steps.ShouldAllBe(s => double.IsFinite(s.Loss));
    }

    [Fact]
    public void A_resumed_run_ends_with_the_uninterrupted_runs_weights()
    {
        // Given
        using var uninterrupted = WarmupCosineTraining.Start(30);
        var expected = uninterrupted.Train(30);
        using (var first = WarmupCosineTraining.Start(30))
        {
            first.Train(12);
            first.SaveCheckpoint(_dir);
        }

        // When
        using var resumed = WarmupCosineTraining.Resume(_dir, 30);
        var rest = resumed.Train(30);

        // Then
        resumed.Scheduler.LastEpoch.ShouldBe(30);
        rest.Select(s => s.LearningRate).ShouldBe(expected.Skip(12).Select(s => s.LearningRate));
        resumed.Weights().ShouldBe(uninterrupted.Weights());
    }

    [Fact]
    public void Resuming_with_another_schedule_is_refused()
    {
        using (var first = WarmupCosineTraining.Start(30))
        {
            first.Train(3);
            first.SaveCheckpoint(_dir);
        }

        Should.Throw<InvalidOperationException>(() => WarmupCosineTraining.Resume(_dir, 40)).Message.ShouldContain("T_max=25");
    }
}
