using System.Globalization;
using System.Text;

namespace Anneal.Cli.Analysis;

/// <summary>One line of a <see cref="TerminalChart"/>: the axis part (labels, axis lines) and the plot part (braille dots).</summary>
/// <param name="Axis">The labels and axis characters on the left, or the whole line below the plot.</param>
/// <param name="Plot">The braille characters, empty below the plot.</param>
internal sealed record ChartLine(string Axis, string Plot);

/// <summary>
/// A line chart in text: braille characters (2 × 4 dots each) between a labelled value axis and a step axis, in a
/// fixed width. Values are placed at their steps and joined by straight lines; a column that holds many steps draws
/// their range, so jumps stay visible. Deterministic: the same values give the same text.
/// </summary>
internal static class TerminalChart
{
    private const char Blank = '\u2800';

    /// <summary>Bit of the braille dot at (column 0..1, row 0..3) of a character.</summary>
    private static readonly int[,] DotBits = { { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 } };

    /// <summary>Draws the values.</summary>
    /// <param name="values">The value at each step (at least two).</param>
    /// <param name="width">The width of every line, in characters.</param>
    /// <param name="height">The number of text rows of the plot.</param>
    /// <returns>The lines: <paramref name="height"/> plot rows, the step axis and its labels.</returns>
    public static IReadOnlyList<ChartLine> Render(IReadOnlyList<double> values, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).ToArray();
        double high = finite.Length > 0 ? finite.Max() : 1, low = finite.Length > 0 ? finite.Min() : 0;
        if (high == low)
        {
            var half = high == 0 ? 1 : Math.Abs(high) * 0.5;
            high += half;
            low -= half;
        }

        var middleRow = height / 2;
        var labels = new string[height];
        labels[0] = Label(high);
        labels[height - 1] = Label(low);
        labels[middleRow] = Label(high - ((((4 * middleRow) + 1.5) / ((4 * height) - 1)) * (high - low)));
        var labelWidth = labels.Max(l => l?.Length ?? 0);
        var plotWidth = width - labelWidth - 2;
        var dots = Dots(values, plotWidth * 2, height * 4, low, high);

        var lines = new List<ChartLine>(height + 2);
        for (var row = 0; row < height; row++)
        {
            var text = new StringBuilder(plotWidth);
            for (var column = 0; column < plotWidth; column++)
            {
                var bits = 0;
                for (var dx = 0; dx < 2; dx++)
                {
                    for (var dy = 0; dy < 4; dy++)
                    {
                        if (dots[(column * 2) + dx, (row * 4) + dy])
                        {
                            bits |= DotBits[dx, dy];
                        }
                    }
                }

                // An empty cell is a space, not the empty braille pattern: some fonts draw that one as dots.
                text.Append(bits == 0 ? ' ' : (char)(Blank + bits));
            }

            var axis = labels[row] is { } label ? label.PadLeft(labelWidth) + " ┤" : new string(' ', labelWidth) + " │";
            lines.Add(new ChartLine(axis, text.ToString()));
        }

        // The step axis: ticks and labels at the first, middle and last step.
        var last = values.Count - 1;
        var mid = last / 2;
        var midColumn = (int)Math.Round(mid * ((plotWidth * 2) - 1.0) / last / 2);
        var rule = new StringBuilder(new string('─', plotWidth));
        rule[0] = '┬';
        rule[plotWidth - 1] = '┬';
        if (midColumn > 0 && midColumn < plotWidth - 1)
        {
            rule[midColumn] = '┬';
        }

        lines.Add(new ChartLine(new string(' ', labelWidth) + " └" + rule, string.Empty));
        var steps = new StringBuilder(new string(' ', plotWidth));
        Place(steps, "0", 0, alignRight: false);
        var lastText = last.ToString(CultureInfo.InvariantCulture);
        var midText = mid.ToString(CultureInfo.InvariantCulture);
        if (midColumn - (midText.Length / 2) > 1 && midColumn + midText.Length < plotWidth - lastText.Length - 1)
        {
            Place(steps, midText, midColumn - (midText.Length / 2), alignRight: false);
        }

        Place(steps, lastText, plotWidth - 1, alignRight: true);
        lines.Add(new ChartLine(new string(' ', labelWidth + 2) + steps.ToString().TrimEnd(), string.Empty));
        return lines;
    }

    /// <summary>The dot grid: column by column, the range of the values there, joined to the previous column.</summary>
    private static bool[,] Dots(IReadOnlyList<double> values, int columns, int rows, double low, double high)
    {
        var dots = new bool[columns, rows];
        var last = values.Count - 1;
        var first = new double[columns];
        var final = new double[columns];
        var min = new double[columns];
        var max = new double[columns];
        Array.Fill(first, double.NaN);
        if (last + 1 >= columns)
        {
            for (var k = 0; k <= last; k++)
            {
                var v = values[k];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var c = (int)Math.Round(k * (columns - 1.0) / last);
                if (double.IsNaN(first[c]))
                {
                    first[c] = min[c] = max[c] = v;
                }

                min[c] = Math.Min(min[c], v);
                max[c] = Math.Max(max[c], v);
                final[c] = v;
            }
        }
        else
        {
            for (var c = 0; c < columns; c++)
            {
                var t = c * (double)last / (columns - 1);
                var k = Math.Min((int)Math.Floor(t), last - 1);
                var v = values[k] + ((values[k + 1] - values[k]) * (t - k));
                if (double.IsFinite(v))
                {
                    first[c] = final[c] = min[c] = max[c] = v;
                }
            }
        }

        int Row(double v) => (int)Math.Round((high - v) / (high - low) * (rows - 1));
        var previous = double.NaN;
        for (var c = 0; c < columns; c++)
        {
            if (double.IsNaN(first[c]))
            {
                previous = double.NaN;
                continue;
            }

            var top = max[c];
            var bottom = min[c];
            if (!double.IsNaN(previous))
            {
                top = Math.Max(top, Midpoint(previous, first[c]));
                bottom = Math.Min(bottom, Midpoint(previous, first[c]));
            }

            for (var r = Row(top); r <= Row(bottom); r++)
            {
                dots[c, r] = true;
            }

            // The column before draws the other half of the join, so a steep line is split between the two.
            if (!double.IsNaN(previous) && c > 0)
            {
                var half = Midpoint(previous, first[c]);
                for (var r = Math.Min(Row(half), Row(previous)); r <= Math.Max(Row(half), Row(previous)); r++)
                {
                    dots[c - 1, r] = true;
                }
            }

            previous = final[c];
        }

        return dots;
    }

    private static double Midpoint(double a, double b) => a + ((b - a) / 2);

    private static void Place(StringBuilder line, string text, int column, bool alignRight)
    {
        var start = Math.Max(0, alignRight ? column - text.Length + 1 : column);
        for (var i = 0; i < text.Length && start + i < line.Length; i++)
        {
            line[start + i] = text[i];
        }
    }

    /// <summary>An axis label: up to 3 significant digits.</summary>
    private static string Label(double value)
    {
        var text = value.ToString("G3", CultureInfo.InvariantCulture).Replace('E', 'e');
        return text == "-0" ? "0" : text;
    }
}
