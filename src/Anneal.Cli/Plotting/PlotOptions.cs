namespace Anneal.Cli.Plotting;

/// <summary>How lines are told apart.</summary>
internal enum LineStyles
{
    /// <summary>One colour per series, all solid (<c>plot</c>, <c>gallery</c>).</summary>
    Distinct,

    /// <summary>The first series wide and pale, the others dashed on top of it, so that identical curves stay visible (<c>compare</c>).</summary>
    Comparison,
}

/// <summary>A vertical line across the plot at a step, with its legend text.</summary>
/// <param name="Step">The step.</param>
/// <param name="Label">The legend text.</param>
internal sealed record PlotMarker(long Step, string Label);

/// <summary>How <see cref="SchedulePlotter"/> draws: size, title, scale, styles.</summary>
internal sealed record PlotOptions
{
    /// <summary>The default width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>The default height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>The smallest width or height allowed.</summary>
    public const int MinSize = 200;

    /// <summary>The largest width or height allowed.</summary>
    public const int MaxSize = 8000;

    /// <summary>The title above the plot, or null for none.</summary>
    public string? Title { get; init; }

    /// <summary>The width in pixels.</summary>
    public int Width { get; init; } = DefaultWidth;

    /// <summary>The height in pixels.</summary>
    public int Height { get; init; } = DefaultHeight;

    /// <summary>Whether the learning rate is drawn on a log scale (values ≤ 0 are left out).</summary>
    public bool LogY { get; init; }

    /// <summary>How the series are told apart.</summary>
    public LineStyles Styles { get; init; } = LineStyles.Distinct;

    /// <summary>Vertical lines to draw.</summary>
    public IReadOnlyList<PlotMarker> Markers { get; init; } = [];

    /// <summary>Whether to show the legend even for a single line.</summary>
    public bool AlwaysShowLegend { get; init; }
}
