using CsCheck;

namespace Anneal.Tests.Properties;

/// <summary>Random valid schedules: every Paddle schedule, and compositions of them.</summary>
internal static class ScheduleGenerators
{
    private static readonly Gen<double> Lr = Gen.Double[0.0, 2.0];
    private static readonly Gen<double> PositiveLr = Gen.Double[1e-6, 2.0];
    private static readonly Gen<double> Gamma = Gen.Double[0.01, 0.99];
    private static readonly Gen<long> Steps = Gen.Long[1, 200];

    private static readonly Gen<long[]> Increasing = Gen.Long[1, 30].Array[0, 6].Select(Accumulate);

    private static readonly Gen<long[]> NonEmptyIncreasing = Gen.Long[1, 30].Array[1, 6].Select(Accumulate);

    private static long[] Accumulate(long[] gaps)
    {
        var sum = 0L;
        return gaps.Select(g => sum += g).ToArray();
    }

    /// <summary>The seventeen Paddle schedules except ReduceOnPlateau (which is not a pure schedule).</summary>
    public static readonly Gen<Schedule> Paddle = Gen.OneOf<Schedule>(
        Gen.Select(Gen.Double[0.01, 1024], Steps, PositiveLr, (d, w, lr) => new NoamDecay(d, w, lr)),
        NonEmptyIncreasing.SelectMany(b => Lr.Array[b.Length + 1, b.Length + 3].Select(v => (Schedule)new PiecewiseDecay(b, v))),
        Gen.Select(Lr, Gen.Double[1e-4, 2.0], (lr, g) => new NaturalExpDecay(lr, g)),
        Gen.Select(Lr, Gen.Double[0.0, 2.0], (lr, g) => new InverseTimeDecay(lr, g)),
        Gen.Select(Lr, Steps, Gen.Double[0.0, 0.01], Gen.Double[0.1, 3.0], Gen.Bool, (lr, d, end, p, c) => new PolynomialDecay(lr, d, end, p, c)),
        Gen.Select(Lr, Steps, Gen.Double[0.0, 1.0], Gen.Double[1e-3, 1.0], (lr, w, start, span) => new LinearWarmup(lr, w, start, start + span)),
        Gen.Select(Lr, Gamma, (lr, g) => new ExponentialDecay(lr, g)),
        Gen.Select(Lr, Increasing, Gamma, (lr, m, g) => new MultiStepDecay(lr, m, g)),
        Gen.Select(Lr, Steps, Gamma, (lr, s, g) => new StepDecay(lr, s, g)),
        Gen.Select(Lr, Gamma, (lr, g) => new LambdaDecay(lr, $"{g:R} ** epoch")),
        Gen.Select(Lr, Gen.Double[0.9, 1.0], (lr, g) => new MultiplicativeDecay(lr, $"{g:R}")),
        Gen.Select(Lr, Steps, Gen.Double[0.0, 0.01], (lr, t, m) => new CosineAnnealingDecay(lr, t, m)),
        Gen.Select(PositiveLr, Gen.Long[100, 1000], Gen.Double[1.0, 100.0], Gen.Double[0.05, 0.45], Gen.Bool, Gen.Bool, (m, t, d, p, lin, three) =>
            new OneCycleLR(m, t, d, 1e-4, p, lin ? AnnealStrategy.Linear : AnnealStrategy.Cos, three)),
        Gen.Select(Lr, Lr, Steps, Gen.Long[1, 50], Gen.Int[0, 2], Gen.Double[0.9, 1.0], (b, m, up, down, mode, g) =>
            new CyclicLR(b, m, up, down, (CyclicMode)mode, g)),
        Gen.Select(Lr, Steps, Gen.Double[0.01, 1.0], Gen.Double[0.0, 1.0], (lr, t, s, e) => new LinearLR(lr, t, s, e)),
        Gen.Select(Lr, Steps, Gen.Long[1, 3], Gen.Double[0.0, 0.01], (lr, t0, tm, m) => new CosineAnnealingWarmRestarts(lr, t0, tm, m)));

    /// <summary>Paddle schedules, and composites of them up to two levels deep.</summary>
    public static readonly Gen<Schedule> Any = Composite(2);

    private static Gen<Schedule> Composite(int depth)
    {
        if (depth == 0)
        {
            return Paddle;
        }

        var inner = Composite(depth - 1);
        return Gen.Frequency<Schedule>(
            (3, Paddle),
            (1, Gen.Select(inner, inner, Gen.Long[1, 100], (a, b, m) => (Schedule)new Sequence([a, b], [m]))),
            (1, Gen.Select(inner, Steps, Gen.Int[0, 2], (s, w, t) => (Schedule)(t == 2
                ? new Warmup(s, w, 1e-4, 0.1, WarmupType.Exponential)
                : new Warmup(s, w, 0.0, null, (WarmupType)t)))),
            (1, Gen.Select(inner, Steps, Gen.Double[0.0, 0.05], (s, w, start) => (Schedule)new LinearWarmup(s, w, start, start + 0.1))),
            (1, Gen.Select(inner, Gen.Double[0.0, 3.0], (s, f) => (Schedule)new Scale(s, f))),
            (1, Gen.Select(inner, Gen.Double[0.0, 0.1], Gen.Double[0.1, 1.0], (s, lo, hi) => (Schedule)new Clamp(s, lo, hi))));
    }
}
