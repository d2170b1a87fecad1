using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace Anneal.Cli.Plotting;

/// <summary>What a render left out, for the command to tell the user.</summary>
/// <param name="Notes">One sentence per series that lost points (zeros on a log scale, non-finite values).</param>
internal sealed record PlotReport(IReadOnlyList<string> Notes);

/// <summary>
/// Draws learning-rate series with ScottPlot and saves them as PNG or SVG: the picture of <c>plot</c>,
/// <c>compare</c> and <c>gallery</c>. The step is on the x axis, the learning rate on the left axis (linear or log),
/// the momentum of schedules that cycle it on a right axis; each value holds for its whole step, so lines are drawn
/// as stairs.
/// </summary>
internal static class SchedulePlotter
{
    /// <summary>The most points drawn per line; longer series keep each bucket's first, lowest, highest and last value.</summary>
    public const int MaxPointsPerLine = 4000;

    /// <summary>Fonts tried in order for text: DejaVu Sans is Debian's (fonts-dejavu-core); the others cover other systems.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Open Sans"];

    /// <summary>The font family of the SVG's text, with fallbacks of similar width for viewers without DejaVu Sans.</summary>
    private const string SvgFontFamily = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

    private static readonly Lazy<string?> Font = new(FindFont);

    /// <summary>Renders the series and saves them.</summary>
    /// <param name="series">The series, drawn in order (later on top).</param>
    /// <param name="options">Size, title, scale and styles.</param>
    /// <param name="file">Where to save, and in which format.</param>
    /// <returns>What was left out.</returns>
    /// <exception cref="CliException">The file cannot be written.</exception>
    public static PlotReport Save(IReadOnlyList<ScheduleSeries> series, PlotOptions options, PlotFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var plot = Build(series, options, out var report);
        file.Write("--out", path =>
        {
            if (file.Format == PlotFormat.Png)
            {
                File.WriteAllBytes(path, plot.GetImageBytes(options.Width, options.Height, ImageFormat.Png));
            }
            else
            {
                File.WriteAllText(path, Svg(plot, options), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        });
        return report;
    }

    /// <summary>The SVG text of the series, as <see cref="Save"/> writes it.</summary>
    /// <param name="series">The series.</param>
    /// <param name="options">Size, title, scale and styles.</param>
    /// <returns>The SVG document.</returns>
    public static string RenderSvg(IReadOnlyList<ScheduleSeries> series, PlotOptions options)
    {
        using var plot = Build(series, options, out _);
        return Svg(plot, options);
    }

    private static string Svg(Plot plot, PlotOptions options)
    {
        // Skia writes the family it measured with; viewers without it fall back to a font of similar width.
        var svg = plot.GetSvgXml(options.Width, options.Height);
        return Font.Value is { } font ? svg.Replace($"font-family=\"{font}\"", $"font-family=\"{SvgFontFamily}\"", StringComparison.Ordinal) : svg;
    }

    private static Plot Build(IReadOnlyList<ScheduleSeries> series, PlotOptions options, out PlotReport report)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var plot = new Plot();
        if (Font.Value is { } font)
        {
            plot.Font.Set(font);
        }

        var notes = new List<string>();
        var palette = new ScottPlot.Palettes.Category10();
        var lines = 0;
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = palette.GetColor(i);
            var (xs, ys, dropped) = Points(s.Lr, options.LogY);
            if (dropped > 0)
            {
                notes.Add(options.LogY
                    ? $"{s.Label}: {Count(dropped, "value")} <= 0 left out of the log scale"
                    : $"{s.Label}: {Count(dropped, "non-finite value")} left out");
            }

            if (ys.Length > 0)
            {
                low = Math.Min(low, ys.Min());
                high = Math.Max(high, ys.Max());
                var line = AddLine(plot, xs, ys, color, i, options.Styles);
                line.LegendText = s.Label;
                lines++;
            }

            if (s.Momentum is { } momentum)
            {
                var (mx, my, _) = Points(momentum, log: false);
                if (my.Length > 0)
                {
                    var line = AddLine(plot, mx, my, color, i, options.Styles);
                    line.LinePattern = LinePattern.Dotted;
                    line.LineWidth = 1.5f;
                    line.Axes.YAxis = plot.Axes.Right;
                    line.LegendText = $"{s.Label} (momentum)";
                    lines++;
                }
            }
        }

        foreach (var marker in options.Markers)
        {
            var vline = plot.Add.VerticalLine(marker.Step, 1, Colors.Red.WithAlpha(0.6), LinePattern.Dashed);
            vline.LegendText = marker.Label;
            lines++;
        }

        plot.XLabel("step");
        plot.YLabel(options.LogY ? "learning rate (log scale)" : "learning rate");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (series.Any(s => s.Momentum is not null))
        {
            plot.Axes.Right.Label.Text = "momentum";
        }

        if (options.Title is { Length: > 0 } title)
        {
            plot.Title(title);
        }

        if (lines > 1 || (options.AlwaysShowLegend && lines > 0))
        {
            plot.ShowLegend(Edge.Bottom);
        }

        plot.Axes.AutoScale();
        if (double.IsFinite(low))
        {
            SetLeftLimits(plot, low, high, options.LogY);
        }

        report = new PlotReport(notes);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, double[] xs, double[] ys, Color color, int index, LineStyles styles)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        if (styles == LineStyles.Comparison)
        {
            if (index == 0)
            {
                line.LineWidth = 6;
                line.Color = color.WithAlpha(0.45);
            }
            else
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        return line;
    }

    /// <summary>
    /// Fixes the left axis: a little room above and below (a flat line gets a band around it), and on a log scale
    /// the ticks of <see cref="LogTicks"/>.
    /// </summary>
    private static void SetLeftLimits(Plot plot, double low, double high, bool log)
    {
        var span = high - low;
        if (span <= Math.Abs(high) * 1e-9 || span == 0)
        {
            var half = log ? 0.5 : (high == 0 ? 1 : Math.Abs(high) * 0.1);
            low -= half;
            high += half;
            span = high - low;
        }

        low -= span * 0.05;
        high += span * 0.05;
        if (!log && low < 0 && low > -span * 0.06)
        {
            // A schedule that never goes below zero: keep the axis from starting at an odd negative value.
            low = Math.Min(0, low);
        }

        plot.Axes.SetLimitsY(low, high, plot.Axes.Left);
        if (log)
        {
            plot.Axes.Left.TickGenerator = LogTicks.Create(low, high);
        }
    }

    /// <summary>
    /// The points of one series: x is the step, y the value (log10 of it on a log scale). Values that cannot be
    /// drawn are left out; long series are thinned to <see cref="MaxPointsPerLine"/>.
    /// </summary>
    internal static (double[] Xs, double[] Ys, long Dropped) Points(IReadOnlyList<double> values, bool log)
    {
        var xs = new List<double>(Math.Min(values.Count, MaxPointsPerLine + 4));
        var ys = new List<double>(xs.Capacity);
        var dropped = 0L;
        var bucket = values.Count <= MaxPointsPerLine ? 1 : (int)Math.Ceiling(values.Count / (MaxPointsPerLine / 4.0));
        for (var start = 0; start < values.Count; start += bucket)
        {
            var end = Math.Min(values.Count, start + bucket);
            int first = -1, last = -1, lowest = -1, highest = -1;
            for (var k = start; k < end; k++)
            {
                var v = values[k];
                if (!double.IsFinite(v) || (log && v <= 0))
                {
                    dropped++;
                    continue;
                }

                first = first < 0 ? k : first;
                last = k;
                lowest = lowest < 0 || v < values[lowest] ? k : lowest;
                highest = highest < 0 || v > values[highest] ? k : highest;
            }

            if (first < 0)
            {
                continue;
            }

            int[] keep = bucket == 1 ? [first] : [.. new[] { first, lowest, highest, last }.Distinct().Order()];
            foreach (var k in keep)
            {
                xs.Add(k);
                ys.Add(log ? Math.Log10(values[k]) : values[k]);
            }
        }

        return ([.. xs], [.. ys], dropped);
    }

    private static string Count(long n, string noun)
        => n == 1 ? $"1 {noun}" : string.Create(CultureInfo.InvariantCulture, $"{n} {noun}s");

    private static string? FindFont()
    {
        foreach (var name in PreferredFonts)
        {
            using var typeface = SKFontManager.Default.MatchFamily(name);
            if (typeface is not null && string.Equals(typeface.FamilyName, name, StringComparison.OrdinalIgnoreCase))
            {
                return typeface.FamilyName;
            }
        }

        return null;
    }
}
