using Anneal.Cli.Plotting;

namespace Anneal.Cli.Analysis;

/// <summary>One row of <c>anneal show</c>'s table: a step worth knowing and what happens there.</summary>
/// <param name="Step">The step.</param>
/// <param name="Lr">The learning rate there.</param>
/// <param name="Momentum">The momentum there, for schedules that cycle it.</param>
/// <param name="What">Why the step is listed: start, peak, minimum, end, and the phase changes there.</param>
internal sealed record KeyPoint(long Step, double Lr, double? Momentum, string What);

/// <summary>The key points of a series: start, peak, minimum, end and the phase changes (<see cref="PhasePoints"/>).</summary>
internal static class KeyPoints
{
    /// <summary>The most phase changes listed; the rest are counted.</summary>
    public const int MaxPhaseRows = 12;

    /// <summary>Finds the key points of a series.</summary>
    /// <param name="series">The series.</param>
    /// <param name="omitted">How many phase changes were not listed (past <see cref="MaxPhaseRows"/>).</param>
    /// <returns>The rows in step order, each step once.</returns>
    public static IReadOnlyList<KeyPoint> Find(ScheduleSeries series, out int omitted)
    {
        ArgumentNullException.ThrowIfNull(series);
        var lr = series.Lr;
        var labels = new SortedDictionary<long, List<string>>();
        void Add(long step, string what)
        {
            if (!labels.TryGetValue(step, out var list))
            {
                labels[step] = list = [];
            }

            if (!list.Contains(what, StringComparer.Ordinal))
            {
                list.Add(what);
            }
        }

        Add(0, "start");
        var peak = ArgBest(lr, (a, b) => a > b);
        var minimum = ArgBest(lr, (a, b) => a < b);
        if (peak >= 0 && lr[peak] != lr[minimum])
        {
            Add(peak, "peak");
            Add(minimum, "minimum");
        }

        Add(series.LastStep, "end");
        var phases = PhasePoints.Find(series.Definition, lr);
        omitted = Math.Max(0, phases.Count - MaxPhaseRows);
        foreach (var phase in phases.Take(MaxPhaseRows))
        {
            Add(phase.Step, phase.What);
        }

        return [.. labels.Select(p => new KeyPoint(p.Key, lr[p.Key], series.Momentum?[p.Key], string.Join("; ", p.Value)))];
    }

    /// <summary>The first index of the best finite value, or -1 when there is none.</summary>
    private static int ArgBest(double[] values, Func<double, double, bool> better)
    {
        var best = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && (best < 0 || better(values[i], values[best])))
            {
                best = i;
            }
        }

        return best;
    }
}
