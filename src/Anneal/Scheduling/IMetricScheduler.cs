namespace Anneal;

/// <summary>
/// A scheduler advanced by a metric rather than by the step alone: Paddle's <see cref="ReduceOnPlateauScheduler"/>
/// and PyTorch's <see cref="TorchReduceLROnPlateauScheduler"/>. Code that drives any scheduler checks for this
/// interface and calls <see cref="Step(double)"/> with the epoch's metric.
/// </summary>
public interface IMetricScheduler
{
    /// <summary>Ends an epoch with its metric (Paddle <c>step(metrics)</c>).</summary>
    /// <param name="metric">The epoch's metric (a loss in mode min, an accuracy in mode max). NaN and infinities count as a bad epoch.</param>
    void Step(double metric);

    /// <summary>Ends an epoch with its metric and sets the epoch counter.</summary>
    /// <param name="metric">The epoch's metric.</param>
    /// <param name="epoch">The epoch to record, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    void Step(double metric, long epoch);
}
