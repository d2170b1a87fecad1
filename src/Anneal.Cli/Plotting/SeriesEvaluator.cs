using System.Globalization;

namespace Anneal.Cli.Plotting;

/// <summary>
/// Runs schedulers as <c>anneal export</c> does (construction, then one <c>Step()</c> per row, or one
/// <c>Step(metric)</c> per metric for ReduceOnPlateau), so that what <c>plot</c>, <c>show</c> and <c>compare</c> draw
/// is exactly what <c>export</c> prints.
/// </summary>
internal static class SeriesEvaluator
{
    /// <summary>The most steps a picture or table evaluates (every row is kept in memory).</summary>
    public const long MaxSteps = 1_000_000;

    /// <summary>Whether a definition is advanced by metrics (Paddle's or PyTorch's ReduceOnPlateau).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>True for ReduceOnPlateau and torch.ReduceLROnPlateau.</returns>
    public static bool IsMetricDriven(IScheduleDefinition definition) => definition is ReduceOnPlateau or TorchReduceLROnPlateau;

    /// <summary>Evaluates one spec.</summary>
    /// <param name="spec">The spec and its label.</param>
    /// <param name="steps">The number of <c>Step()</c> calls, for a schedule of the step.</param>
    /// <param name="stepsGiven">
    /// Whether the user chose <paramref name="steps"/>: if not, a schedule that ends earlier (OneCycleLR at
    /// <c>total_steps</c>) is drawn to its end, with a note; if so, that is an error.
    /// </param>
    /// <param name="metrics">One metric per step, for a metric-driven definition.</param>
    /// <param name="notes">Where a note about a shortened series goes.</param>
    /// <param name="cancellationToken">Cancels a long evaluation.</param>
    /// <returns>The series.</returns>
    /// <exception cref="CliException">A step fails where the user asked for it.</exception>
    public static ScheduleSeries Evaluate(
        LabeledSpec spec,
        long steps,
        bool stepsGiven,
        IReadOnlyList<double>? metrics,
        ICollection<string> notes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(notes);
        var definition = spec.Definition;
        var scheduler = definition.CreateScheduler();
        var count = IsMetricDriven(definition) ? metrics?.Count ?? 0 : steps;
        var lr = new List<double>((int)Math.Min(count + 1, MaxSteps + 1)) { scheduler.LastLR };
        var momentum = scheduler.LastMomentum is { } m0 ? new List<double>(lr.Capacity) { m0 } : null;
        for (var k = 0L; k < count; k++)
        {
            if ((k & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            try
            {
                Step(scheduler, metrics, k);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArithmeticException)
            {
                var why = ex is InvalidOperationException
                    ? ex.Message
                    : $"{definition.Name} fails at step {scheduler.LastEpoch + 1}: {ex.Message}";
                if (stepsGiven)
                {
                    throw new CliException(
                        $"--steps = {steps} is not allowed for {spec.Label}: {why}; at most {k} steps are possible", ex);
                }

                notes.Add($"{spec.Label} ends at step {k.ToString(CultureInfo.InvariantCulture)} (of {steps.ToString(CultureInfo.InvariantCulture)}): drawn to there");
                break;
            }

            lr.Add(scheduler.LastLR);
            momentum?.Add(scheduler.LastMomentum ?? double.NaN);
        }

        return new ScheduleSeries(spec.Label, definition, [.. lr], momentum is null ? null : [.. momentum]);
    }

    private static void Step(LRScheduler scheduler, IReadOnlyList<double>? metrics, long k)
    {
        switch (scheduler)
        {
            case ReduceOnPlateauScheduler plateau:
                plateau.Step(metrics![(int)k]);
                break;
            case TorchReduceLROnPlateauScheduler torchPlateau:
                torchPlateau.Step(metrics![(int)k]);
                break;
            default:
                scheduler.Step();
                break;
        }
    }
}
