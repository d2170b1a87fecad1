using System.Text.RegularExpressions;
using ScottPlot;

namespace Anneal.Lab.Report;

/// <summary>A finished chart: its file name (without extension), its title, and a caption for the report.</summary>
/// <param name="Name">The file name stem, e.g. <c>eta-loss</c>: the PNG is <c>eta-loss.png</c>.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Caption">What the chart shows and how to read it.</param>
/// <param name="Plot">The ScottPlot plot.</param>
public sealed partial record Chart(string Name, string Title, string Caption, Plot Plot)
{
    /// <summary>The width of every chart in pixels.</summary>
    public const int Width = 900;

    /// <summary>The height of every chart in pixels.</summary>
    public const int Height = 480;

    /// <summary>Writes the chart as a PNG file in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The PNG's path.</returns>
    public string SavePng(string directory)
    {
        var path = Path.Combine(directory, Name + ".png");
        Plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>The chart as an SVG element to inline in HTML: no XML declaration, ids made unique by the chart's name.</summary>
    /// <returns>The <c>&lt;svg&gt;</c> element.</returns>
    public string ToInlineSvg()
    {
        var svg = Plot.GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        svg = IdAttribute().Replace(svg, m => $"id=\"{Name}-{m.Groups[1].Value}\"");
        svg = IdReference().Replace(svg, m => $"url(#{Name}-{m.Groups[1].Value})");
        svg = svg.Replace($"<svg ", $"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(Title)}\" viewBox=\"0 0 {Width} {Height}\" ", StringComparison.Ordinal);
        return svg;
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex IdReference();
}
