namespace Anneal.Internal;

/// <summary>
/// A counter-based random stream keyed by <c>(seed, step)</c>, so that a schedule's noise at a step is a pure
/// function of the seed and the step: no shared state, no allocation, the same numbers on every call and every
/// thread. It is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014) started
/// from a state that mixes the seed and the step.
/// </summary>
/// <remarks>
/// A mutable struct on purpose: create one as a local in <c>At(step)</c> and draw from it; never store or copy one
/// that is in use. Not cryptographic.
/// </remarks>
internal struct StepRandom
{
    /// <summary>2^64 / φ, SplitMix64's increment.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private const double TwoToMinus52 = 1.0 / (1UL << 52);

    private ulong _state;

    /// <summary>Starts the stream for <paramref name="step"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">Any seed.</param>
    /// <param name="step">The step (any value; negative steps are the caller's business).</param>
    public StepRandom(long seed, long step)
        => _state = unchecked(Mix(Mix((ulong)seed) ^ ((ulong)step * Golden)));

    /// <summary>SplitMix64's output function (a bijection on 64-bit values with good avalanche).</summary>
    /// <param name="z">The value to mix.</param>
    /// <returns>The mixed value.</returns>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Mix(_state);
    }

    /// <summary>
    /// A uniform double in the open interval (0, 1): one of the 2^52 midpoints <c>(k + 0.5) / 2^52</c>, all exact in
    /// a double, so neither 0 nor 1 ever comes out (safe for <c>log(u)</c>, and <c>2u - 1</c> stays strictly inside
    /// (-1, 1)). With 53 bits the top midpoint would round up to 1.
    /// </summary>
    /// <returns>A double in [2^-53, 1 - 2^-53].</returns>
    public double NextOpenUnit() => ((NextUInt64() >> 12) + 0.5) * TwoToMinus52;
}
