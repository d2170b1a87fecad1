using Anneal.Internal;

namespace Anneal.Tests.Schedules.Peers;

/// <summary>The counter-based generator behind <see cref="Noise"/>.</summary>
public class StepRandomTests
{
    [Fact]
    public void Mix_IsSplitMix64()
    {
        // SplitMix64 started from state 0 outputs Mix(G), Mix(2G), Mix(3G): the published reference sequence.
        StepRandom.Mix(StepRandom.Golden).ShouldBe(0xE220A8397B1DCDAFUL);
        StepRandom.Mix(unchecked(2 * StepRandom.Golden)).ShouldBe(0x6E789E6AA1B965F4UL);
        StepRandom.Mix(unchecked(3 * StepRandom.Golden)).ShouldBe(0x06C45D188009454FUL);
    }

    [Fact]
    public void Stream_DependsOnlyOnSeedAndStep()
    {
        var a = new StepRandom(42, 1000);
        var b = new StepRandom(42, 1000);
        for (var i = 0; i < 100; i++)
        {
            b.NextUInt64().ShouldBe(a.NextUInt64());
        }

        new StepRandom(42, 1001).NextUInt64().ShouldNotBe(new StepRandom(42, 1000).NextUInt64());
        new StepRandom(43, 1000).NextUInt64().ShouldNotBe(new StepRandom(42, 1000).NextUInt64());
        new StepRandom(43, 0).NextUInt64().ShouldNotBe(new StepRandom(42, 1).NextUInt64());
    }

    [Fact]
    public void NextOpenUnit_IsStrictlyInsideZeroOne_AndUniform()
    {
        var counts = new int[10];
        var sum = 0.0;
        const int n = 100_000;
        for (var step = 0L; step < n; step++)
        {
            var random = new StepRandom(7, step);
            var u = random.NextOpenUnit();
            u.ShouldBeGreaterThan(0.0);
            u.ShouldBeLessThan(1.0);
            sum += u;
            counts[(int)(u * 10)]++;
        }

        Math.Abs((sum / n) - 0.5).ShouldBeLessThan(0.005);
        foreach (var c in counts)
        {
            // Each tenth expects 10000 draws, standard deviation about 95.
            Math.Abs(c - 10_000).ShouldBeLessThan(500);
        }
    }

    [Fact]
    public void NextOpenUnit_Extremes_AreTheHalfStepMidpoints()
    {
        // (k + 0.5) / 2^52 for k = 0 and k = 2^52 - 1, exact: never 0 or 1. (With 2^53 midpoints the top one rounds to 1.)
        ((0 + 0.5) * Math.Pow(2, -52)).ShouldBe(Math.Pow(2, -53));
        ((((1UL << 52) - 1) + 0.5) * Math.Pow(2, -52)).ShouldBe(1.0 - Math.Pow(2, -53));
        ((((1UL << 53) - 1) + 0.5) * Math.Pow(2, -53)).ShouldBe(1.0);
    }
}
