namespace Anneal.Cli.Analysis;

/// <summary>
/// Phase changes read from the values alone, for schedules <see cref="PhasePoints"/> cannot read from their parameters:
/// jumps, turns, where the values start or stop changing, and plateau cuts.
/// </summary>
internal static class NumericPhases
{
    /// <summary>Plateau cuts: steps where the value falls by more than the schedule under it does.</summary>
    public static void Cuts(IReadOnlyList<double> values, Func<long, double> innerRatio, PhaseCollector found)
    {
        for (var k = 1; k < values.Count && !found.Full; k++)
        {
            var before = values[k - 1];
            if (before > 0 && values[k] < before * innerRatio(k) * (1 - 1e-9))
            {
                found.Add(k, $"cut on plateau: ×{PhasePoints.F(values[k] / (before * innerRatio(k)))}");
            }
        }
    }

    /// <summary>
    /// Phase changes read from the values of steps <paramref name="from"/> to <paramref name="to"/>: jumps (a change
    /// much larger than both neighbouring changes), turns (the slope changes sign) and where the values start or stop
    /// changing.
    /// </summary>
    public static void Find(IReadOnlyList<double> values, long from, long to, PhaseCollector found)
    {
        var first = (int)Math.Max(from, 0);
        var last = (int)Math.Min(to, values.Count - 1);
        if (last - first < 1)
        {
            return;
        }

        var scale = 0.0;
        for (var k = first; k <= last; k++)
        {
            scale = Math.Max(scale, Math.Abs(values[k]));
        }

        var tiny = Math.Max(scale * 1e-12, double.Epsilon);
        double Diff(int k) => k > first && k <= last ? values[k] - values[k - 1] : 0;

        // A jump: a change much larger than both neighbouring changes.
        bool Jump(int k)
        {
            var d = Math.Abs(Diff(k));
            return d > tiny && d > 3 * Math.Max(Math.Abs(Diff(k - 1)), Math.Abs(Diff(k + 1)));
        }

        for (var k = first + 1; k <= last && !found.Full; k++)
        {
            if (Jump(k))
            {
                found.Add(k, Diff(k) > 0 ? "jumps up" : "jumps down");
                continue;
            }

            // Between the changes into and out of step k - 1, neither of them a jump.
            var before = Diff(k - 1);
            var d = Diff(k);
            if (k < first + 2 || Jump(k - 1))
            {
                continue;
            }

            if (Math.Abs(before) > tiny && Math.Abs(d) > tiny && Math.Sign(before) != Math.Sign(d))
            {
                found.Add(k - 1, before > 0 ? "turns down" : "turns up");
            }
            else if (Math.Abs(before) <= tiny && Math.Abs(d) > tiny)
            {
                found.Add(k - 1, "starts to change");
            }
            else if (Math.Abs(before) > tiny && Math.Abs(d) <= tiny)
            {
                found.Add(k - 1, "levels off");
            }
        }
    }
}

/// <summary>The phase changes found so far: at most a given number, each within steps 1 to the last step.</summary>
internal sealed class PhaseCollector(long lastStep, int maxPoints)
{
    /// <summary>The points, in the order found.</summary>
    public List<PhasePoint> Points { get; } = [];

    /// <summary>The last step shown.</summary>
    public long LastStep { get; } = lastStep;

    /// <summary>Whether no more points are taken.</summary>
    public bool Full => Points.Count >= maxPoints;

    /// <summary>Adds a point within steps 1 to <see cref="LastStep"/>; others are ignored.</summary>
    /// <returns>False once <paramref name="step"/> is past the last step or the collector is full (so loops stop).</returns>
    public bool Add(long step, string what)
    {
        if (step <= 0 || step > LastStep || Full)
        {
            return step <= LastStep && !Full;
        }

        Points.Add(new PhasePoint(step, what));
        return true;
    }
}
