namespace Anneal;

/// <summary>
/// Fluent composition. Every method returns a new schedule and leaves the receiver unchanged; the result prints as a
/// spec that parses back.
/// </summary>
/// <example>
/// <code>
/// var schedule = new CosineAnnealingDecay(0.1, tMax: 90)
///     .WithWarmup(10)          // 0 → 0.1 over 10 steps, then the cosine from its step 0
///     .Clamp(minLr: 1e-4);
/// var plateau = schedule.ReduceOnPlateau(factor: 0.5, patience: 3);   // and cut when the loss stalls
/// </code>
/// </example>
public static class ScheduleComposition
{
    /// <summary>Precedes the schedule with a warmup that ends at the schedule's step-0 value.</summary>
    /// <param name="schedule">The schedule after warmup.</param>
    /// <param name="steps">Length of the warmup, &gt; 0.</param>
    /// <param name="startLr">The first learning rate. The default value is 0.</param>
    /// <param name="type">The shape. The default value is Linear.</param>
    /// <returns>A <see cref="Warmup"/>.</returns>
    public static Warmup WithWarmup(this Schedule schedule, long steps, double startLr = 0.0, WarmupType type = WarmupType.Linear)
        => new(schedule, steps, startLr, endLr: null, type);

    /// <summary>Runs <paramref name="next"/> from step <paramref name="at"/> on, counted from its own step 0.</summary>
    /// <param name="schedule">The schedule before <paramref name="at"/>.</param>
    /// <param name="next">The schedule from <paramref name="at"/> on.</param>
    /// <param name="at">The step where <paramref name="next"/> starts, after any earlier milestone.</param>
    /// <returns>A <see cref="Sequence"/> (flattened when <paramref name="schedule"/> is one).</returns>
    public static Sequence Then(this Schedule schedule, Schedule next, long at)
        => schedule is Sequence s
            ? new Sequence([.. s.Schedules, next], [.. s.Milestones, at])
            : new Sequence([schedule, next], [at]);

    /// <summary>Multiplies the schedule by <paramref name="factor"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="factor">The factor, finite and ≥ 0.</param>
    /// <returns>A <see cref="Anneal.Scale"/>.</returns>
    public static Scale Scale(this Schedule schedule, double factor) => new(schedule, factor);

    /// <summary>Keeps the schedule between <paramref name="minLr"/> and <paramref name="maxLr"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="minLr">The floor. The default value is 0.</param>
    /// <param name="maxLr">The ceiling, or <see langword="null"/> for none.</param>
    /// <returns>A <see cref="Anneal.Clamp"/>.</returns>
    public static Clamp Clamp(this Schedule schedule, double minLr = 0.0, double? maxLr = null) => new(schedule, minLr, maxLr);

    /// <summary>Adds timm-style seeded noise between <paramref name="start"/> and <paramref name="end"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="start">The first noisy step.</param>
    /// <param name="end">The first step without noise again, or <see langword="null"/> for no end.</param>
    /// <param name="pct">The largest relative change, in (0, 1]. The default value is 0.67.</param>
    /// <param name="std">The normal's standard deviation. The default value is 1.0.</param>
    /// <param name="type">Normal or uniform noise. The default value is Normal.</param>
    /// <param name="seed">The seed: the same seed and step always give the same value. The default value is 42.</param>
    /// <returns>A <see cref="Noise"/>.</returns>
    public static Noise WithNoise(this Schedule schedule, long start, long? end = null, double pct = 0.67, double std = 1.0, NoiseType type = NoiseType.Normal, long seed = 42)
        => new(schedule, (start, end), pct, std, type, seed);

    /// <summary>Cuts the schedule by <paramref name="factor"/> when the metric stalls.</summary>
    /// <param name="schedule">The schedule to scale.</param>
    /// <param name="mode">Whether lower or higher is better. The default value is Min.</param>
    /// <param name="factor">The cut factor. The default value is 0.1.</param>
    /// <param name="patience">Bad epochs tolerated before a cut. The default value is 10.</param>
    /// <param name="threshold">The least change that counts as an improvement. The default value is 1e-4.</param>
    /// <param name="thresholdMode">Relative or absolute threshold. The default value is Rel.</param>
    /// <param name="cooldown">Epochs after a cut during which metrics are ignored. The default value is 0.</param>
    /// <param name="minLr">The floor once a cut has happened. The default value is 0.</param>
    /// <param name="epsilon">The smallest cut that is applied. The default value is 1e-8.</param>
    /// <returns>A <see cref="Anneal.ReduceOnPlateau"/> over the schedule.</returns>
    public static ReduceOnPlateau ReduceOnPlateau(
        this Schedule schedule,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        long cooldown = 0,
        double minLr = 0.0,
        double epsilon = 1e-8)
        => new(schedule, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, epsilon);
}
