namespace Anneal.Internal;

/// <summary>
/// Cycles whose lengths grow geometrically (<c>L, L·m, L·m², ...</c>, <c>m &gt; 1</c>), as in Keras's
/// <c>CosineDecayRestarts</c> (<c>L = 1</c>, positions in units of the first cycle) and timm's
/// <c>CosineLRScheduler</c> (<c>L = t_initial</c>, positions in steps). Both libraries find the cycle that holds a
/// position <c>x</c> as <c>floor(log(1 - x / L * (1 - m)) / log(m))</c>, which at some exact cycle starts is one short
/// in the last bit (<c>log(243) / log(3) = 4.999999999999999</c>). Here that value is only a first guess, corrected
/// against the libraries' own cycle-start expression, so that <c>Start(i) ≤ x &lt; Start(i + 1)</c> always holds.
/// </summary>
internal static class GeometricCycles
{
    /// <summary>Where cycle <paramref name="i"/> starts: <c>(1 - m ** i) / (1 - m) * L</c>, in the libraries' order.</summary>
    /// <param name="i">The cycle, counted from 0.</param>
    /// <param name="mul">The growth factor <c>m</c>, &gt; 1.</param>
    /// <param name="length">The first cycle's length <c>L</c>.</param>
    /// <returns>The position where the cycle starts.</returns>
    public static double Start(double i, double mul, double length) => (1 - Math.Pow(mul, i)) / (1 - mul) * length;

    /// <summary>The cycle that holds <paramref name="position"/>: the <c>i</c> with <c>Start(i) ≤ x &lt; Start(i + 1)</c>.</summary>
    /// <param name="position">The position <c>x</c>, ≥ 0.</param>
    /// <param name="mul">The growth factor <c>m</c>, &gt; 1.</param>
    /// <param name="logMul"><c>log(m)</c>.</param>
    /// <param name="length">The first cycle's length <c>L</c>, &gt; 0.</param>
    /// <returns>The cycle index, a whole number as a double (the libraries raise <c>m</c> and the decay factors to it).</returns>
    public static double Index(double position, double mul, double logMul, double length)
    {
        var i = Math.Max(0.0, Math.Floor(Math.Log(1 - (position / length * (1 - mul))) / logMul));
        while (i > 0 && Start(i, mul, length) > position)
        {
            i--;
        }

        while (Start(i + 1, mul, length) <= position)
        {
            i++;
        }

        return i;
    }
}
