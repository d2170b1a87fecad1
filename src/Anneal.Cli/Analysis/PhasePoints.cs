using System.Globalization;

namespace Anneal.Cli.Analysis;

/// <summary>A step where a schedule changes phase, and what happens there.</summary>
/// <param name="Step">The step (the first one of the new phase).</param>
/// <param name="What">What happens, e.g. <c>milestone: ×0.1</c> or <c>restart</c>.</param>
internal sealed record PhasePoint(long Step, string What);

/// <summary>
/// Finds the steps where a schedule changes phase: milestones, boundaries, restarts, the end of a warmup, the phase
/// ends of OneCycleLR, the peaks and troughs of CyclicLR, ... Known schedules are read from their parameters
/// (recursively into composites, each part at its offset); for others (LambdaDecay, MultiplicativeDecay, ...) the
/// values are searched for jumps and turns. Plateau cuts are read from the values.
/// </summary>
internal static class PhasePoints
{
    /// <summary>The most points collected; a schedule with more (CyclicLR with tiny steps over a long run) is cut off.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Finds the phase changes within the steps 1 to <c>values.Count - 1</c>.</summary>
    /// <param name="definition">The schedule.</param>
    /// <param name="values">Its value at each step, as the scheduler reported them.</param>
    /// <returns>The points, in step order, each step once (what happens there joined by <c>; </c>).</returns>
    public static IReadOnlyList<PhasePoint> Find(IScheduleDefinition definition, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(values);
        var found = new PhaseCollector(values.Count - 1, MaxPoints);
        switch (definition)
        {
            case Schedule schedule:
                Collect(schedule, 0, values.Count - 1, values, found);
                break;
            case ReduceOnPlateau { Inner: { } inner }:
                Collect(inner, 0, values.Count - 1, values, found);
                NumericPhases.Cuts(values, k => inner.At(k) / inner.At(k - 1), found);
                break;
            default:
                NumericPhases.Cuts(values, _ => 1.0, found);
                break;
        }

        return found.Points
            .GroupBy(p => p.Step)
            .OrderBy(g => g.Key)
            .Select(g => new PhasePoint(g.Key, string.Join("; ", g.Select(p => p.What).Distinct(StringComparer.Ordinal))))
            .ToArray();
    }

    /// <summary>Collects the points of <paramref name="schedule"/> counted from <paramref name="offset"/>, up to step <paramref name="end"/>.</summary>
    private static void Collect(Schedule schedule, long offset, long end, IReadOnlyList<double> values, PhaseCollector found)
    {
        var at = new Adder(found, offset, end);
        switch (schedule)
        {
            case StepDecay s:
                at.Every(s.StepSize, 0, $"step_size: ×{F(s.Gamma)}");
                break;
            case TorchStepLR s:
                at.Every(s.StepSize, 0, $"step_size: ×{F(s.Gamma)}");
                break;
            case MultiStepDecay s:
                at.Each(s.Milestones, $"milestone: ×{F(s.Gamma)}");
                break;
            case TorchMultiStepLR s:
                at.Each(s.Milestones, $"milestone: ×{F(s.Gamma)}");
                break;
            case PiecewiseDecay s:
                at.Each(s.Boundaries, "boundary");
                break;
            case LinearWarmup s:
                at.Add(s.WarmupSteps, "warmup ends");
                if (s.Inner is { } linearInner)
                {
                    Collect(linearInner, offset + s.WarmupSteps, end, values, found);
                }

                break;
            case Warmup s:
                at.Add(s.WarmupSteps, "warmup ends");
                Collect(s.Inner, offset + s.WarmupSteps, end, values, found);
                break;
            case OneCycleLR s:
                OneCycle(at, s.TotalSteps, s.PhasePct, s.ThreePhase);
                break;
            case TorchOneCycleLR s:
                OneCycle(at, s.TotalSteps, s.PctStart, s.ThreePhase);
                break;
            case CosineAnnealingWarmRestarts s:
                Restarts(at, s.T0, s.TMult);
                break;
            case TorchCosineAnnealingWarmRestarts s:
                Restarts(at, s.T0, s.TMult);
                break;
            case CyclicLR s:
                Cycles(at, s.StepSizeUp, s.StepSizeDown ?? s.StepSizeUp);
                break;
            case TorchCyclicLR s:
                Cycles(at, s.StepSizeUp, s.StepSizeDown ?? s.StepSizeUp);
                break;
            case CosineAnnealingDecay s:
                CosineWave(at, s.TMax, "T_max");
                break;
            case TorchCosineAnnealingLR s:
                CosineWave(at, s.TMax, "T_max");
                break;
            case PolynomialDecay { Cycle: true } s:
                at.Every(s.DecaySteps, 0, "decay_steps: end_lr, then a lower peak");
                break;
            case PolynomialDecay s:
                at.Add(s.DecaySteps, "decay_steps: end_lr reached");
                break;
            case TorchPolynomialLR s:
                at.Add(s.TotalIters, "total_iters: 0 reached");
                break;
            case LinearLR s:
                at.Add(s.TotalSteps, "total_steps: the line ends");
                break;
            case TorchLinearLR s:
                at.Add(s.TotalIters, "total_iters: the line ends");
                break;
            case TorchConstantLR s:
                at.Add(s.TotalIters, "total_iters: the factor ends");
                break;
            case NoamDecay s:
                at.Add(s.WarmupSteps, "warmup_steps: peak");
                break;
            case InverseSqrt s:
                at.Add(s.WarmupSteps, "warmup ends");
                break;
            case CosineDecay s:
                var warm = s.WarmupTarget is null ? 0 : s.WarmupSteps;
                at.Add(warm, "warmup ends");
                at.Add(warm + s.DecaySteps, "decay_steps: floor reached");
                break;
            case CosineDecayRestarts s:
                GeometricRestarts(at, 0, s.FirstDecaySteps, s.TMul, long.MaxValue, "restart");
                break;
            case TimmCosine s:
                at.Add(s.WarmupT, "warmup ends");
                var start = s.WarmupPrefix ? s.WarmupT : 0;
                var lastCycle = GeometricRestarts(at, start, s.TInitial, s.CycleMul, s.CycleLimit - 1, "restart");
                at.Add(lastCycle, "cycle_limit reached: lr_min");
                break;
            case WarmupStableDecay s:
                at.Add(s.WarmupSteps, "warmup ends");
                at.Add(s.WarmupSteps + s.StableSteps, "decay starts");
                at.Add(s.WarmupSteps + s.StableSteps + s.DecaySteps, "min_lr reached");
                break;
            case Noise s:
                at.Add(s.NoiseStart, "noise starts");
                if (s.NoiseEnd is { } noiseEnd)
                {
                    at.Add(noiseEnd, "noise ends");
                }

                Collect(s.Inner, offset, end, values, found);
                break;
            case Sequence s:
                Parts(s.Schedules, s.Milestones, offset, end, values, found);
                break;
            case TorchSequentialLR s:
                Parts(s.Schedulers, s.Milestones, offset, end, values, found);
                break;
            case TorchChainedScheduler s:
                foreach (var part in s.Schedulers)
                {
                    Collect(part, offset, end, values, found);
                }

                break;
            case Scale s:
                Collect(s.Inner, offset, end, values, found);
                break;
            case Clamp s:
                Collect(s.Inner, offset, end, values, found);
                break;
            case Constant or ExponentialDecay or NaturalExpDecay or InverseTimeDecay or TorchExponentialLR:
                // Smooth from start to end: no phases.
                break;
            default:
                // LambdaDecay, MultiplicativeDecay and their torch twins, and anything added later: read the values.
                NumericPhases.Find(values, offset, end, found);
                break;
        }
    }

    private static void Parts(IReadOnlyList<Schedule> parts, IReadOnlyList<long> milestones, long offset, long end, IReadOnlyList<double> values, PhaseCollector found)
    {
        var at = new Adder(found, offset, end);
        for (var i = 0; i < parts.Count; i++)
        {
            var from = i == 0 ? 0 : milestones[i - 1];
            var to = i < milestones.Count ? Math.Min(end, offset + milestones[i] - 1) : end;
            if (i > 0)
            {
                at.Add(from, $"milestone: part {i + 1} ({parts[i].Name})");
            }

            if (offset + from <= end)
            {
                Collect(parts[i], offset + from, to, values, found);
            }
        }
    }

    private static void OneCycle(Adder at, long total, double pct, bool threePhase)
    {
        // The phase ends of Paddle's (and PyTorch's) table; a phase takes the steps s <= its end.
        var up = (pct * total) - 1;
        at.Add((long)Math.Floor(up), "phase 1 ends");
        if (threePhase)
        {
            at.Add((long)Math.Floor((2 * pct * total) - 2), "phase 2 ends: back at the initial rate");
        }

        at.Add(total - 1, $"phase {(threePhase ? 3 : 2)} ends: the final rate");
        at.Add(total, "total_steps: extrapolated past the end");
    }

    private static void Restarts(Adder at, long t0, long tMult)
    {
        var start = t0;
        var length = t0;
        while (at.Add(start, "restart"))
        {
            length = tMult == 1 ? length : SaturatingMultiply(length, tMult);
            start = SaturatingAdd(start, length);
        }
    }

    /// <summary>Restarts of cycles whose lengths grow by a real factor: cycle i starts at <c>ceil(first · (1 + m + ... + m^(i-1)))</c>.</summary>
    /// <returns>The step after the last cycle counted (cycle <paramref name="cycles"/> + 1 starts there).</returns>
    private static long GeometricRestarts(Adder at, long offset, long first, double factor, long cycles, string what)
    {
        double start = first, length = first;
        for (var i = 1L; ; i++)
        {
            var step = offset + (long)Math.Min(long.MaxValue / 2, Math.Ceiling(start - 1e-9));
            if (i > cycles)
            {
                return step;
            }

            if (!at.Add(step, what))
            {
                return long.MaxValue;
            }

            length *= factor;
            start += length;
        }
    }

    private static void Cycles(Adder at, long up, long down)
    {
        for (var cycle = 0L; ; cycle = SaturatingAdd(cycle, up + down))
        {
            if (cycle > 0 && !at.Add(cycle, "new cycle (bottom)"))
            {
                return;
            }

            if (!at.Add(SaturatingAdd(cycle, up), "cycle top"))
            {
                return;
            }
        }
    }

    private static void CosineWave(Adder at, long tMax, string name)
    {
        for (var k = 1L; ; k++)
        {
            var what = k % 2 == 1 ? $"{(k == 1 ? string.Empty : k.ToString(CultureInfo.InvariantCulture) + "·")}{name}: eta_min, rises again" : $"{k.ToString(CultureInfo.InvariantCulture)}·{name}: back at the start";
            if (!at.Add(SaturatingMultiply(tMax, k), what))
            {
                return;
            }
        }
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long SaturatingMultiply(long a, long b) => a > long.MaxValue / b ? long.MaxValue : a * b;

    /// <summary>A number as the table prints factors: up to 6 significant digits.</summary>
    internal static string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>Adds points of a part that starts at <c>offset</c> and is shown up to step <c>end</c>.</summary>
    private readonly struct Adder(PhaseCollector found, long offset, long end)
    {
        /// <summary>Adds the point at <paramref name="step"/> of the part.</summary>
        /// <returns>False once the step is past the part's end (so loops stop).</returns>
        public bool Add(long step, string what)
        {
            var at = SaturatingAdd(offset, step);
            return at <= end && found.Add(at, what);
        }

        public void Every(long size, long from, string what)
        {
            for (var step = SaturatingAdd(from, size); Add(step, what); step = SaturatingAdd(step, size))
            {
            }
        }

        public void Each(IEnumerable<long> steps, string what)
        {
            foreach (var step in steps)
            {
                Add(step, what);
            }
        }
    }
}
