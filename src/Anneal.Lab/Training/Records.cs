namespace Anneal.Lab.Training;

/// <summary>One optimizer step: the learning rate it used and the mini-batch loss before it.</summary>
/// <param name="Step">The global step, from 0.</param>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Lr">The learning rate of the step.</param>
/// <param name="Loss">The mini-batch loss (NaN or ∞ when the run diverged).</param>
public readonly record struct StepRecord(long Step, int Epoch, double Lr, double Loss);

/// <summary>One epoch's summary.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">The mean mini-batch loss over the epoch.</param>
/// <param name="TestLoss">The mean loss on the test split after the epoch.</param>
/// <param name="TestAccuracy">The accuracy on the test split after the epoch, 0–1.</param>
/// <param name="Lr">The learning rate of the epoch's last step.</param>
public readonly record struct EpochRecord(int Epoch, double TrainLoss, double TestLoss, double TestAccuracy, double Lr);

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>It trained.</summary>
    Trained,

    /// <summary>The loss became NaN or infinite; the run was stopped there.</summary>
    Diverged,

    /// <summary>The loss stayed finite but the test accuracy ended at chance (at most 15% for 10 classes): silent divergence.</summary>
    StuckAtChance,
}

/// <summary>A training run: its name, its schedule, every step and every epoch.</summary>
/// <param name="Name">The run's name, e.g. <c>cosine</c> or <c>η = 0.01</c>.</param>
/// <param name="Spec">The schedule as spec text.</param>
/// <param name="Steps">Every step.</param>
/// <param name="Epochs">Every epoch that finished.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Seconds">The wall time.</param>
public sealed record RunResult(string Name, string Spec, IReadOnlyList<StepRecord> Steps, IReadOnlyList<EpochRecord> Epochs, RunOutcome Outcome, double Seconds)
{
    /// <summary>The accuracy chance gives with 10 balanced classes, plus a margin: at or below this a run is stuck.</summary>
    public const double ChanceAccuracy = 0.15;

    /// <summary>The test accuracy after the last epoch (0 when it diverged before the first finished).</summary>
    public double FinalAccuracy => Outcome == RunOutcome.Diverged || Epochs.Count == 0 ? 0 : Epochs[^1].TestAccuracy;

    /// <summary>The best test accuracy of any epoch.</summary>
    public double BestAccuracy => Epochs.Count == 0 ? 0 : Epochs.Max(e => e.TestAccuracy);

    /// <summary>The last mini-batch loss (NaN when diverged).</summary>
    public double FinalLoss => Steps.Count == 0 ? double.NaN : Steps[^1].Loss;

    /// <summary>The first epoch whose test accuracy reached <paramref name="target"/>, or null if none did.</summary>
    /// <param name="target">The target accuracy, 0–1.</param>
    /// <returns>The epoch (from 1), or null.</returns>
    public int? EpochsTo(double target) => Epochs.FirstOrDefault(e => e.TestAccuracy >= target) is { Epoch: > 0 } hit ? hit.Epoch : null;
}
