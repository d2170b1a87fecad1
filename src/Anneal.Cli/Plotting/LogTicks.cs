using System.Globalization;
using ScottPlot.TickGenerators;

namespace Anneal.Cli.Plotting;

/// <summary>
/// Ticks for a log scale drawn on a linear axis: ScottPlot 5 has no log axis, so the plotter draws
/// <c>log10(lr)</c> and labels the axis with the values themselves (the ScottPlot cookbook's recipe). Major ticks
/// sit on powers of ten (every k-th one when there are many decades), with minor ticks at 2–9 times each; a range
/// of two decades or less also gets major ticks at 2 and 5 times the powers, and one narrower than a factor of 3 at
/// every mantissa, so that there are always labels.
/// </summary>
internal static class LogTicks
{
    private const int MaxMajorTicks = 8;

    /// <summary>Makes the tick generator for the log10 range <paramref name="low"/> to <paramref name="high"/>.</summary>
    /// <param name="low">The bottom of the axis, in log10 units.</param>
    /// <param name="high">The top of the axis, in log10 units.</param>
    /// <returns>The tick generator to give the axis.</returns>
    public static NumericManual Create(double low, double high)
    {
        var generator = new NumericManual();
        foreach (var (position, label) in Ticks(low, high))
        {
            if (label is null)
            {
                generator.AddMinor(position);
            }
            else
            {
                generator.AddMajor(position, label);
            }
        }

        return generator;
    }

    /// <summary>The ticks for the log10 range <paramref name="low"/> to <paramref name="high"/>, bottom up.</summary>
    /// <param name="low">The bottom of the axis, in log10 units.</param>
    /// <param name="high">The top of the axis, in log10 units.</param>
    /// <returns>Each tick's position (log10 of its value) and label; minor ticks have no label.</returns>
    public static IReadOnlyList<(double Position, string? Label)> Ticks(double low, double high)
    {
        var ticks = new List<(double, string?)>();
        var first = (int)Math.Floor(low);
        var last = (int)Math.Ceiling(high);
        var decades = last - first;

        // Within a decade or two, label 2 and 5 times the powers as well; within less than that, every mantissa.
        var narrow = decades <= 2;
        var tight = high - low < Math.Log10(3);
        var every = Math.Max(1, (int)Math.Ceiling(decades / (double)MaxMajorTicks));
        for (var exponent = first; exponent <= last; exponent++)
        {
            var labelled = exponent % every == 0;
            for (var mantissa = 1; mantissa <= 9; mantissa++)
            {
                var position = exponent + Math.Log10(mantissa);
                if (position < low || position > high)
                {
                    continue;
                }

                if ((mantissa == 1 && labelled) || (narrow && mantissa is 2 or 5) || tight)
                {
                    ticks.Add((position, Label(mantissa, exponent)));
                }
                else if (every == 1 || mantissa == 1)
                {
                    ticks.Add((position, null));
                }
            }
        }

        return ticks;
    }

    /// <summary>The label of <c>mantissa · 10^exponent</c>: plain for 0.0001 to 10000, else <c>2e-07</c>.</summary>
    /// <param name="mantissa">1 to 9.</param>
    /// <param name="exponent">The power of ten.</param>
    /// <returns>The label.</returns>
    public static string Label(int mantissa, int exponent)
        => exponent is >= -4 and <= 4
            ? (mantissa * Math.Pow(10, exponent)).ToString("0.####", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{exponent}");
}
