namespace Anneal.Cli.Analysis;

/// <summary>
/// How two series of values differ, step by step over the steps both have: the largest absolute and relative
/// differences and the first step where they differ beyond the project's tolerance,
/// <c>|a - b| ≤ 1e-12 · max(1, |a|, |b|)</c> (SPEC.md's policy for matching Paddle and PyTorch).
/// </summary>
/// <param name="Compared">The number of steps both series have.</param>
/// <param name="MaxAbsolute">The largest <c>|a - b|</c>.</param>
/// <param name="MaxAbsoluteStep">Its first step.</param>
/// <param name="MaxRelative">The largest <c>|a - b| / max(|a|, |b|)</c> (0 where both are 0).</param>
/// <param name="MaxRelativeStep">Its first step.</param>
/// <param name="FirstDifference">The first step where they differ beyond the tolerance, or null.</param>
internal sealed record SeriesDifference(
    long Compared,
    double MaxAbsolute,
    long MaxAbsoluteStep,
    double MaxRelative,
    long MaxRelativeStep,
    long? FirstDifference)
{
    /// <summary>The tolerance: values within <c>1e-12 · max(1, |a|, |b|)</c> of each other are the same.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>Compares two series over the steps both have.</summary>
    /// <param name="a">The first series.</param>
    /// <param name="b">The second series.</param>
    /// <returns>The differences.</returns>
    public static SeriesDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var count = Math.Min(a.Count, b.Count);
        double maxAbsolute = 0, maxRelative = 0;
        long maxAbsoluteStep = 0, maxRelativeStep = 0;
        long? first = null;
        for (var k = 0; k < count; k++)
        {
            var (x, y) = (a[k], b[k]);
            if (Differ(x, y))
            {
                first ??= k;
            }

            var absolute = Same(x, y) ? 0 : Math.Abs(x - y);
            var larger = Math.Max(Math.Abs(x), Math.Abs(y));
            var relative = absolute == 0 ? 0 : double.IsNaN(absolute) || larger == 0 ? double.PositiveInfinity : absolute / larger;
            absolute = double.IsNaN(absolute) ? double.PositiveInfinity : absolute;
            if (absolute > maxAbsolute)
            {
                (maxAbsolute, maxAbsoluteStep) = (absolute, k);
            }

            if (relative > maxRelative)
            {
                (maxRelative, maxRelativeStep) = (relative, k);
            }
        }

        return new SeriesDifference(count, maxAbsolute, maxAbsoluteStep, maxRelative, maxRelativeStep, first);
    }

    /// <summary>Whether two values differ beyond the tolerance. NaN equals NaN, and an infinity the same infinity.</summary>
    /// <param name="a">One value.</param>
    /// <param name="b">The other.</param>
    /// <returns>True when they differ.</returns>
    public static bool Differ(double a, double b)
        => !Same(a, b) && !(Math.Abs(a - b) <= Tolerance * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b))));

    private static bool Same(double a, double b) => a.Equals(b);
}
