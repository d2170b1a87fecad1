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
/// the momentum of schedules that cycle it (dotted) on a right axis.
/// </summary>
internal static class SchedulePlotter
{
    /// <summary>The most points drawn per line; longer series keep each bucket's first, lowest, highest and last value.</summary>
    public const int MaxPointsPerLine = 4000;

    /// <summary>The most points a line has for its values to be marked as dots.</summary>
    public const int MaxPointsWithMarkers = 30;

    /// <summary>Fonts tried in order for text: DejaVu Sans is Debian's (fonts-dejavu-core); the others cover other systems.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Open Sans"];

    /// <summary>The font family of the SVG's text, with fallbacks of similar width for viewers without DejaVu Sans.</summary>
    private const string SvgFontFamily = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

    private static readonly Lazy<string?> Font = new(FindFont);

    /// <summary>Whether Skia found any font at all (without one, text is silently left out).</summary>
    private static readonly Lazy<bool> AnyFont = new(() => SKTypeface.Default.GlyphCount > 0);

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
        if (Font.Value is null && !AnyFont.Value)
        {
            notes.Add("no font was found, so the picture has no text (on Debian: apt-get install fonts-dejavu-core)");
        }

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
                    line.MarkerSize = 0;
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
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = StepLabel };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = TickLabel, TickDensity = 0.7 };
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = TickLabel, TickDensity = 0.7 };
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
        else
        {
            plot.HideLegend();
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
        line.LineWidth = 2;
        if (xs.Length <= MaxPointsWithMarkers)
        {
            // Few steps: mark the values themselves, the lines between them only guide the eye.
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = 5;
        }

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

        if (!log && low >= 0)
        {
            // Learning rates are compared with zero: a rate that never goes below it is drawn from zero up.
            low = 0;
            span = high;
        }

        low -= span * 0.04;
        high += span * 0.04;

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

    /// <summary>A step label: thousands separated, and none left of step 0 (the axis has a margin there).</summary>
    private static string StepLabel(double step) => step < 0 ? string.Empty : step.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A tick label: up to 4 significant digits, <c>1e-05</c> rather than <c>1E-05</c>, and 0 for rounding noise.</summary>
    internal static string TickLabel(double value)
    {
        if (Math.Abs(value) < 1e-15)
        {
            return "0";
        }

        return value.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
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
