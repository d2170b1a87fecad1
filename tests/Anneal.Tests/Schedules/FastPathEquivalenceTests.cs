using Xunit.Abstractions;

namespace Anneal.Tests.Schedules;

/// <summary>
/// The fast paths of <c>At</c> (tables, hoisted constants, skipped <c>Math.Pow</c> calls) give the same doubles, bit for
/// bit, as the formulas they replaced, written out here exactly as <c>At</c> evaluated them before (Paddle's order of
/// operations). Random parameters and steps from a fixed seed, plus the steps where a fast path starts or stops.
/// </summary>
public class FastPathEquivalenceTests(ITestOutputHelper output)
{
    private const int Seed = 1234;

    [Fact]
    public void StepDecayAndTorchStepLR_TableAndFallback_MatchTheFormulaBitForBit()
    {
        var rng = new Random(Seed);
        var check = new BitCheck("StepDecay, torch.StepLR");
        for (var n = 0; n < 3000; n++)
        {
            var lr = LearningRate(rng);
            var gamma = Factor(rng);
            var stepSize = n % 3 == 0 ? rng.NextInt64(1, 5) : n % 3 == 1 ? rng.NextInt64(1, 200) : rng.NextInt64(1, long.MaxValue);
            var s = new StepDecay(lr, stepSize, gamma);
            var torch = new TorchStepLR(lr, stepSize, gamma);

            foreach (var step in Steps(rng, stepSize, 63, 64, 65, 200))
            {
                check.Same(lr * Math.Pow(gamma, step / stepSize), s.At(step), () => $"StepDecay({lr:R}, {stepSize}, {gamma:R}).At({step})");
                check.Same(lr * Math.Pow(gamma, step / stepSize), torch.At(step), () => $"torch.StepLR({lr:R}, {stepSize}, {gamma:R}).At({step})");
            }
        }

        check.Done(output);
    }

    [Fact]
    public void StepDecayAndTorchStepLR_SequentialSteps_HoldTheValueBetweenDecays_BitForBit()
    {
        // Step() reuses the previous value between decays instead of evaluating At: the same doubles, past the table too.
        var rng = new Random(Seed);
        var check = new BitCheck("StepDecay, torch.StepLR sequential");
        for (var n = 0; n < 200; n++)
        {
            var lr = LearningRate(rng);
            var gamma = Factor(rng);
            var stepSize = rng.NextInt64(1, 7);
            foreach (Schedule s in new Schedule[] { new StepDecay(lr, stepSize, gamma), new TorchStepLR(lr, stepSize, gamma) })
            {
                var scheduler = s.CreateScheduler();
                for (long step = 1; step <= 100 * stepSize; step++)
                {
                    scheduler.Step();
                    check.Same(lr * Math.Pow(gamma, step / stepSize), scheduler.LastLR, () => $"{s}: Step() to {step}");
                }
            }
        }

        check.Done(output);
    }

    [Fact]
    public void MultiStepDecayAndTorchMultiStepLR_Table_MatchesTheFormulaBitForBit()
    {
        var rng = new Random(Seed);
        var check = new BitCheck("MultiStepDecay, torch.MultiStepLR");
        for (var n = 0; n < 3000; n++)
        {
            var lr = LearningRate(rng);
            var gamma = Factor(rng);
            var milestones = Milestones(rng, n);
            var s = new MultiStepDecay(lr, milestones, gamma);
            var torch = new TorchMultiStepLR(lr, milestones, gamma);

            var steps = new List<long> { 0, 1, long.MaxValue };
            foreach (var m in milestones)
            {
                steps.AddRange([m - 1, m, m + 1]);
            }

            for (var i = 0; i < 50; i++)
            {
                steps.Add(rng.NextInt64(0, milestones.Length == 0 ? 1000 : milestones[^1] + 100));
            }

            foreach (var step in steps.Where(e => e >= 0))
            {
                var passed = milestones.LongCount(m => m <= step);
                check.Same(lr * Math.Pow(gamma, passed), s.At(step), () => $"MultiStepDecay({lr:R}, [{string.Join(", ", milestones)}], {gamma:R}).At({step})");
                check.Same(lr * Math.Pow(gamma, passed), torch.At(step), () => $"torch.MultiStepLR({lr:R}, [{string.Join(", ", milestones)}], {gamma:R}).At({step})");
            }
        }

        check.Done(output);
    }

    [Fact]
    public void NoamDecay_HoistedConstantsAndWarmupPath_MatchTheFormulaBitForBit()
    {
        var rng = new Random(Seed);
        var check = new BitCheck("NoamDecay");
        for (var n = 0; n < 3000; n++)
        {
            var warmup = (n % 4) switch
            {
                0 => rng.NextInt64(1, 20),
                1 => rng.NextInt64(1, 10_000),
                2 => rng.NextInt64(1L << 29, 1L << 33),
                _ => rng.NextInt64(1, long.MaxValue),
            };
            var dModel = n % 2 == 0 ? rng.NextInt64(1, 8193) : Math.Exp((rng.NextDouble() * 20) - 5);
            var lr = n % 5 == 0 ? 1.0 : LearningRate(rng);
            var s = new NoamDecay(dModel, warmup, lr);

            var end = warmup - (warmup >> 30);
            var steps = new List<long>(Steps(rng, 1, warmup, end));
            for (var d = -40; d <= 40; d++)
            {
                steps.Add(warmup + d);
                steps.Add(end + d);
            }

            if (warmup < 3000)
            {
                for (long e = 0; e < 2 * warmup + 10; e++)
                {
                    steps.Add(e);
                }
            }

            foreach (var step in steps.Where(e => e >= 0))
            {
                var a = step == 0 ? 1.0 : Math.Pow(step, -0.5);
                var b = Math.Pow(warmup, -1.5) * step;
                var expected = lr * Math.Pow(dModel, -0.5) * Math.Min(a, b);
                check.Same(expected, s.At(step), () => $"NoamDecay({dModel:R}, {warmup}, {lr:R}).At({step})");
            }
        }

        check.Done(output);
    }

    [Fact]
    public void PolynomialDecay_LinearPathAndHoistedConstants_MatchTheFormulaBitForBit()
    {
        var rng = new Random(Seed);
        var check = new BitCheck("PolynomialDecay");
        double[] powers = [1.0, 1.0, 1.0, 2.0, 0.5, 0.9, 3.0];
        for (var n = 0; n < 4000; n++)
        {
            var lr = LearningRate(rng);
            var endLr = (n % 4) switch
            {
                0 => 0.0,
                1 => 0.0001,
                2 => lr * rng.NextDouble(),
                _ => LearningRate(rng),
            };
            var decaySteps = (n % 5) switch
            {
                0 => rng.NextInt64(1, 10),
                1 => rng.NextInt64(1, 2000),
                2 => 1L << rng.Next(0, 63),
                3 => rng.NextInt64(1L << 50, 1L << 54),
                _ => rng.NextInt64(1, long.MaxValue),
            };
            var power = n % 9 == 8 ? Math.Exp((rng.NextDouble() * 6) - 3) : powers[n % powers.Length];
            var cycle = n % 2 == 1;
            var s = new PolynomialDecay(lr, decaySteps, endLr, power, cycle);

            var steps = new List<long>(Steps(rng, decaySteps, 1, 2, 3, 7));
            if (decaySteps < 700)
            {
                for (long e = 0; e <= 3 * decaySteps; e++)
                {
                    steps.Add(e);
                }
            }

            foreach (var step in steps.Where(e => e >= 0))
            {
                check.Same(OldPolynomial(lr, decaySteps, endLr, power, cycle, step), s.At(step), () => $"PolynomialDecay({lr:R}, {decaySteps}, {endLr:R}, {power:R}, {cycle}).At({step})");
            }
        }

        check.Done(output);
    }

    [Fact]
    public void PowOfOne_IsTheIdentity_OnTheValuesPolynomialDecayRaises()
    {
        // Why the linear path may skip Math.Pow(x, 1.0): x = 1 - t / d for every 0 <= t <= d <= 3000, every power of
        // two in (0, 1], and random doubles in [0, 1] and beyond (1 - t / d can round slightly below 0 with cycle).
        var rng = new Random(Seed);
        var check = new BitCheck("Math.Pow(x, 1.0) == x");
        for (long d = 1; d <= 3000; d++)
        {
            for (long t = 0; t <= d; t++)
            {
                var x = 1 - ((double)t / d);
                check.Same(x, Math.Pow(x, 1.0), () => $"x = 1 - {t}/{d}");
            }
        }

        for (var k = 0; k <= 1074; k++)
        {
            var x = Math.ScaleB(1.0, -k);
            check.Same(x, Math.Pow(x, 1.0), () => $"x = 2^-{k}");
        }

        for (var i = 0; i < 2_000_000; i++)
        {
            var x = (i % 3) switch
            {
                0 => rng.NextDouble(),
                1 => BitConverter.Int64BitsToDouble(rng.NextInt64(0, 0x3FF0000000000001L)),
                _ => -Math.ScaleB(rng.NextDouble(), -rng.Next(0, 60)),
            };
            check.Same(x, Math.Pow(x, 1.0), () => $"x = {x:R}");
        }

        check.Done(output);
    }

    [Fact]
    public void NaturalExpDecay_HoistedRate_MatchesTheFormulaBitForBit()
    {
        var rng = new Random(Seed);
        var check = new BitCheck("NaturalExpDecay");
        for (var n = 0; n < 3000; n++)
        {
            var lr = LearningRate(rng);
            var gamma = (n % 3) switch
            {
                0 => rng.NextDouble(),
                1 => Math.Exp((rng.NextDouble() * 40) - 30),
                _ => rng.NextDouble() * 1000,
            };
            if (gamma == 0)
            {
                continue;
            }

            var s = new NaturalExpDecay(lr, gamma);
            foreach (var step in Steps(rng, 1, 100, 1000))
            {
                check.Same(lr * Math.Exp(-1 * gamma * step), s.At(step), () => $"NaturalExpDecay({lr:R}, {gamma:R}).At({step})");
            }
        }

        check.Done(output);
    }

    /// <summary>PolynomialDecay.At as it was, in Paddle's order of operations.</summary>
    private static double OldPolynomial(double lr, long decaySteps, double endLr, double power, bool cycle, long step)
    {
        double t = step;
        double d = decaySteps;
        if (cycle)
        {
            var k = step == 0 ? 1.0 : Math.Ceiling((double)step / decaySteps);
            d = decaySteps * k;
        }
        else if (step > decaySteps)
        {
            t = decaySteps;
        }

        return ((lr - endLr) * Math.Pow(1 - (t / d), power)) + endLr;
    }

    private static double LearningRate(Random rng) => (rng.Next(0, 6)) switch
    {
        0 => 0.0,
        1 => 0.1,
        2 => 0.5,
        3 => rng.NextDouble(),
        _ => Math.Exp((rng.NextDouble() * 30) - 25),
    };

    /// <summary>A decay factor in [0, 1): 0, round values, uniform, and values just below 1.</summary>
    private static double Factor(Random rng) => (rng.Next(0, 6)) switch
    {
        0 => 0.0,
        1 => new[] { 0.1, 0.5, 0.8, 0.9, 0.99 }[rng.Next(0, 5)],
        2 => 1 - Math.Exp(-rng.NextDouble() * 30),
        _ => rng.NextDouble(),
    };

    private static long[] Milestones(Random rng, int n)
    {
        var count = (n % 4) switch
        {
            0 => 0,
            1 => rng.Next(1, 5),
            2 => rng.Next(1, 40),
            _ => rng.Next(60, 200),
        };
        var set = new SortedSet<long>();
        var limit = n % 3 == 0 ? 1000 : n % 3 == 1 ? 1_000_000 : long.MaxValue / 2;
        while (set.Count < count)
        {
            set.Add(rng.NextInt64(0, limit));
        }

        return [.. set];
    }

    /// <summary>
    /// Steps for a schedule whose fast path depends on <c>step / unit</c>: 0..300, random steps below 2000, around
    /// <c>k * unit</c> for each k in <paramref name="multiples"/>, random steps over the whole range, and the largest.
    /// </summary>
    private static IEnumerable<long> Steps(Random rng, long unit, params long[] multiples)
    {
        for (long e = 0; e <= 300; e++)
        {
            yield return e;
        }

        for (var i = 0; i < 50; i++)
        {
            yield return rng.NextInt64(0, 2000);
            yield return rng.NextInt64(0, long.MaxValue);
            yield return rng.NextInt64(0, 1L << rng.Next(1, 63));
        }

        foreach (var k in multiples)
        {
            if (unit <= long.MaxValue / Math.Max(k, 1) - 2)
            {
                for (var d = -2; d <= 2; d++)
                {
                    var e = (k * unit) + d;
                    if (e >= 0)
                    {
                        yield return e;
                    }
                }
            }
        }

        yield return long.MaxValue;
    }

    /// <summary>Counts comparisons and mismatches (by bits), and fails at the end with the first few.</summary>
    private sealed class BitCheck(string name)
    {
        private readonly List<string> _mismatches = [];
        private long _count;
        private long _failures;

        public void Same(double expected, double actual, Func<string> where)
        {
            _count++;
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            {
                if (_failures++ < 10)
                {
                    _mismatches.Add($"{where()}: expected {expected:R}, got {actual:R}");
                }
            }
        }

        public void Done(ITestOutputHelper output)
        {
            output.WriteLine($"{name}: {_count} comparisons, {_failures} bit mismatches");
            _count.ShouldBeGreaterThan(0);
            _failures.ShouldBe(0, string.Join(Environment.NewLine, _mismatches));
        }
    }
}
