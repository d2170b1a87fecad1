using System.Globalization;
using ScottPlot;

namespace Anneal.Lab.Report;

/// <summary>Shared chart helpers: a plot with the lab's look, log axes, downsampling and smoothing.</summary>
internal static class ChartStyle
{
    /// <summary>At most this many points per line, so the inline SVG stays small.</summary>
    public const int MaxPoints = 800;

    /// <summary>A plot with title, axis labels and a readable font.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, 16);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        return plot;
    }

    /// <summary>Puts the legend in a corner.</summary>
    public static void Legend(Plot plot, Alignment alignment = Alignment.UpperRight)
    {
        plot.ShowLegend(alignment);
    }

    /// <summary>Makes an axis show powers of ten; the data plotted on it must be <c>log10</c> of the values.</summary>
    public static void LogAxis(IAxis axis)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => FormatPower(v),
        };
        axis.TickGenerator = ticks;
    }

    /// <summary>A line without markers.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label, float width = 1.8f)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 0;
        line.LineWidth = width;
        line.LegendText = label;
        return line;
    }

    /// <summary>Keeps at most <see cref="MaxPoints"/> evenly spaced points (always the last one).</summary>
    public static (double[] Xs, double[] Ys) Thin(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        var n = xs.Count;
        if (n <= MaxPoints)
        {
            return (xs.ToArray(), ys.ToArray());
        }

        var stride = (n + MaxPoints - 1) / MaxPoints;
        var keep = Enumerable.Range(0, n).Where(i => i % stride == 0 || i == n - 1).ToArray();
        return (keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
    }

    /// <summary>A bias-corrected exponential moving average (β = 0.98 as in the LR range test), for readable loss curves.</summary>
    public static double[] Smooth(IReadOnlyList<double> values, double beta = 0.98)
    {
        var result = new double[values.Count];
        var average = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            average = (beta * average) + ((1 - beta) * values[i]);
            result[i] = average / (1 - Math.Pow(beta, i + 1));
        }

        return result;
    }

    /// <summary><c>1e-3</c>, <c>0.01</c>, <c>0.1</c>, <c>1</c>, <c>10</c>: a power of ten as people write it.</summary>
    public static string FormatPower(double exponent)
    {
        var value = Math.Pow(10, exponent);
        return exponent is >= -2 and <= 3 ? value.ToString("0.##", CultureInfo.InvariantCulture) : value.ToString("0e0", CultureInfo.InvariantCulture);
    }

    /// <summary>A learning rate in short form: <c>0.03</c>, <c>3e-05</c>.</summary>
    public static string FormatLr(double lr)
        => lr is >= 1e-3 and < 1e4 ? lr.ToString("0.####", CultureInfo.InvariantCulture) : lr.ToString("0.##e0", CultureInfo.InvariantCulture);
}
