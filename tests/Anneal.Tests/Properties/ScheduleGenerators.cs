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

    /// <summary>The schedules from Hugging Face, Keras and timm.</summary>
    public static readonly Gen<Schedule> Peers = Gen.OneOf<Schedule>(
        Gen.Select(PositiveLr, Gen.Long[0, 50], Gen.Long[0, 50], Gen.Long[0, 50], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Double[0.0, 1e-6], (lr, w, st, d, wt, dt, m) =>
            new WarmupStableDecay(lr, w, st, d, (WsdShape)wt, (WsdShape)dt, m)),
        Gen.Select(Lr, Gen.Long[0, 50], Gen.Long[1, 100].Nullable(), (lr, w, t) => new InverseSqrt(lr, w, t)),
        Gen.Select(Lr, Steps, Gen.Double[0.0, 1.0], Gen.Bool, Gen.Long[0, 30], (lr, d, a, warm, w) =>
            warm ? new CosineDecay(lr, d, a, lr * 2, w) : new CosineDecay(lr, d, a)),
        Gen.Select(Lr, Gen.Long[1, 40], Gen.Double[1.0, 3.0], Gen.Double[0.5, 1.0], Gen.Double[0.0, 0.5], (lr, f, t, m, a) =>
            new CosineDecayRestarts(lr, f, t, m, a)),
        Gen.Select(PositiveLr, Gen.Long[1, 60], Gen.Double[1.0, 2.5], Gen.Double[0.5, 1.0], Gen.Long[1, 4], Gen.Long[0, 10], Gen.Bool, (lr, t, cm, cd, cl, w, prefix) =>
            new TimmCosine(lr, t, lr / 100, cm, cd, cl, w, lr / 1000, prefix)),
        Gen.Select(Paddle, Gen.Long[0, 50], Gen.Double[0.05, 1.0], Gen.Bool, Gen.Long[0, 1000], (s, start, pct, uniform, seed) =>
            new Noise(s, (start, start + 40), pct, 1.0, uniform ? NoiseType.Uniform : NoiseType.Normal, seed)));

    /// <summary>Paddle and peer schedules, and composites of them up to two levels deep.</summary>
    public static readonly Gen<Schedule> Any = Composite(2);

    private static Gen<Schedule> Composite(int depth)
    {
        var leaf = Gen.Frequency<Schedule>((3, Paddle), (1, Peers));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Composite(depth - 1);
        return Gen.Frequency<Schedule>(
            (4, leaf),
            (1, Gen.Select(inner, inner, Gen.Long[1, 100], (a, b, m) => (Schedule)new Sequence([a, b], [m]))),
            (1, Gen.Select(inner, Steps, Gen.Int[0, 2], (s, w, t) => (Schedule)(t == 2
                ? new Warmup(s, w, 1e-4, 0.1, WarmupType.Exponential)
                : new Warmup(s, w, 0.0, null, (WarmupType)t)))),
            (1, Gen.Select(inner, Steps, Gen.Double[0.0, 0.05], (s, w, start) => (Schedule)new LinearWarmup(s, w, start, start + 0.1))),
            (1, Gen.Select(inner, Gen.Double[0.0, 3.0], (s, f) => (Schedule)new Scale(s, f))),
            (1, Gen.Select(inner, Gen.Double[0.0, 0.1], Gen.Double[0.1, 1.0], (s, lo, hi) => (Schedule)new Clamp(s, lo, hi))));
    }
}
