using System.Globalization;
using Anneal.Lab.Report;
using ScottPlot;

namespace Anneal.Lab.Experiments;

/// <summary>Gradient descent on the quadratic with one learning rate: the points it visited and the value at each.</summary>
/// <param name="Label">What this η shows: "too small", "good", "too large".</param>
/// <param name="Eta">The learning rate.</param>
/// <param name="Xs">The x of every iterate, the start first.</param>
/// <param name="Ys">The y of every iterate.</param>
/// <param name="Values">f at every iterate.</param>
public sealed record QuadraticRun(string Label, double Eta, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys, IReadOnlyList<double> Values);

/// <summary>
/// The classic picture: plain gradient descent <c>θ ← θ − η ∇f(θ)</c> on the badly conditioned quadratic
/// <c>f(x, y) = (a·x² + b·y²)/2</c> with <c>a = 1</c>, <c>b = 25</c> (condition number 25), from <c>(−8, 1)</c>.
/// </summary>
/// <remarks>
/// Each coordinate is multiplied by <c>1 − η·a</c> or <c>1 − η·b</c> per step, so descent converges only for
/// <c>η &lt; 2/b = 0.08</c>; the steep direction y limits η while the shallow direction x wants it large. η = 0.01
/// crawls along x; η = 0.07 zig-zags across the valley but gets there; η = 0.0815 (just past 2/b) zig-zags ever wider
/// and diverges.
/// </remarks>
public static class Quadratic
{
    /// <summary>The curvature along x.</summary>
    public const double A = 1;

    /// <summary>The curvature along y.</summary>
    public const double B = 25;

    /// <summary>The number of steps.</summary>
    public const int Steps = 40;

    /// <summary>The starting point.</summary>
    public static (double X, double Y) Start { get; } = (-8, 1);

    /// <summary>The colour of each run, the same in both charts: too small blue, good green, too large red.</summary>
    private static Color ColorOf(QuadraticRun run) => run.Label switch
    {
        "too small" => Colors.C0,
        "good" => Colors.C2,
        _ => Colors.C3,
    };

    /// <summary>f at a point.</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <returns><c>(a·x² + b·y²)/2</c>.</returns>
    public static double F(double x, double y) => ((A * x * x) + (B * y * y)) / 2;

    /// <summary>Runs gradient descent with the three learning rates.</summary>
    /// <returns>One run per learning rate: too small, good, too large.</returns>
    public static IReadOnlyList<QuadraticRun> Run() =>
    [
        Descend("too small", 0.01),
        Descend("good", 0.07),
        Descend("too large", 0.0815),
    ];

    /// <summary>Runs gradient descent with one learning rate.</summary>
    /// <param name="label">The run's label.</param>
    /// <param name="eta">The learning rate.</param>
    /// <returns>The iterates.</returns>
    public static QuadraticRun Descend(string label, double eta)
    {
        var (x, y) = Start;
        var xs = new List<double> { x };
        var ys = new List<double> { y };
        var values = new List<double> { F(x, y) };
        for (var k = 0; k < Steps; k++)
        {
            (x, y) = (x - (eta * A * x), y - (eta * B * y));
            xs.Add(x);
            ys.Add(y);
            values.Add(F(x, y));
        }

        return new QuadraticRun(label, eta, xs, ys, values);
    }

    /// <summary>The trajectories over the contour lines of f.</summary>
    /// <param name="runs">The runs.</param>
    /// <returns>The chart.</returns>
    public static Chart TrajectoryChart(IReadOnlyList<QuadraticRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plot = ChartStyle.New("Gradient descent on f(x, y) = (x² + 25·y²) / 2", "x", "y");
        foreach (var level in new[] { 0.5, 2, 5, 10, 20, 32, 45, 65 })
        {
            var t = Enumerable.Range(0, 241).Select(i => 2 * Math.PI * i / 240).ToArray();
            var contour = plot.Add.Scatter(t.Select(a => Math.Sqrt(2 * level / A) * Math.Cos(a)).ToArray(), t.Select(a => Math.Sqrt(2 * level / B) * Math.Sin(a)).ToArray());
            contour.MarkerSize = 0;
            contour.LineWidth = 1;
            contour.Color = Colors.Gray.WithAlpha(0.45);
        }

        var minimum = plot.Add.Marker(0, 0, MarkerShape.Cross, 12);
        minimum.Color = Colors.Black;
        foreach (var run in runs)
        {
            var path = plot.Add.Scatter(run.Xs.ToArray(), run.Ys.ToArray());
            path.LegendText = string.Create(CultureInfo.InvariantCulture, $"η = {run.Eta} ({run.Label}): f = {run.Values[^1]:0.##} after {Steps} steps");
            path.LineWidth = 1.8f;
            path.MarkerSize = 5;
            path.Color = ColorOf(run);
        }

        plot.Axes.SetLimits(-9, 2.5, -4.2, 4.2);
        ChartStyle.Legend(plot, Alignment.UpperLeft);
        return new Chart(
            "quadratic",
            "The classic picture",
            $"Gradient descent from (−8, 1) over the contour lines of a quadratic whose curvature is 25× larger along y than along x, {Steps} steps per learning rate. "
            + "A small η crawls down the shallow x direction; a good η zig-zags across the steep y direction but converges; past 2/25 = 0.08 the zig-zag grows every step and the descent diverges.",
            plot);
    }

    /// <summary>f per iteration on a log scale.</summary>
    /// <param name="runs">The runs.</param>
    /// <returns>The chart.</returns>
    public static Chart ValueChart(IReadOnlyList<QuadraticRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plot = ChartStyle.New("f per iteration", "iteration", "f(x, y)");
        foreach (var run in runs)
        {
            var line = plot.Add.Scatter(Enumerable.Range(0, run.Values.Count).Select(i => (double)i).ToArray(), run.Values.Select(Math.Log10).ToArray());
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"η = {run.Eta} ({run.Label})");
            line.LineWidth = 1.8f;
            line.MarkerSize = 4;
            line.Color = ColorOf(run);
        }

        ChartStyle.LogAxis(plot.Axes.Left);
        ChartStyle.Legend(plot, Alignment.LowerLeft);
        return new Chart("quadratic-value", "f per iteration", "The value of f after each step (log scale): the too-large η first drops (x still converges) and then climbs as the y oscillation grows.", plot);
    }
}
