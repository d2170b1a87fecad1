using System.Buffers.Binary;
using System.Xml.Linq;

namespace Anneal.Cli.Tests.TestSupport;

/// <summary>Checks on the PNG and SVG files the plotting verbs write.</summary>
internal static class Pictures
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a PNG file: its signature, a first IHDR chunk, and a size beyond a trivial picture.</summary>
    /// <returns>The width and height from the IHDR chunk.</returns>
    public static (int Width, int Height) ShouldBePng(string path, int minBytes = 8 * 1024)
    {
        File.Exists(path).ShouldBeTrue(path);
        var bytes = File.ReadAllBytes(path);
        bytes.Length.ShouldBeGreaterThan(minBytes, "a plot with axes, labels and lines is not trivially small");
        bytes[..8].ShouldBe(PngSignature);
        System.Text.Encoding.ASCII.GetString(bytes, 12, 4).ShouldBe("IHDR");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Parses an SVG file as XML and checks that its root is an SVG element.</summary>
    public static XDocument ShouldBeSvg(string path, int minBytes = 4 * 1024)
    {
        File.Exists(path).ShouldBeTrue(path);
        new FileInfo(path).Length.ShouldBeGreaterThan(minBytes);
        var document = XDocument.Load(path);
        document.Root!.Name.ShouldBe(Svg + "svg");
        return document;
    }

    /// <summary>
    /// The lines drawn in the data area. ScottPlot writes each plottable in its own clipped group
    /// (<c>&lt;g clip-path="..."&gt;</c>) holding one <c>&lt;path&gt;</c>; the legend is a clipped group too, but holds
    /// text. So a series is a clipped group with one path and no text.
    /// </summary>
    public static int SeriesCount(XDocument svg)
        => svg.Descendants(Svg + "g")
            .Where(g => g.Attribute("clip-path") is not null)
            .Count(g => g.Elements(Svg + "path").Count() == 1 && !g.Descendants(Svg + "text").Any());

    /// <summary>Every text of the SVG, trimmed: labels, tick labels, legend entries, title.</summary>
    public static IReadOnlyList<string> Texts(XDocument svg) => [.. svg.Descendants(Svg + "text").Select(t => t.Value.Trim())];

    /// <summary>The legend's texts: those in the clipped group that holds text.</summary>
    public static IReadOnlyList<string> LegendTexts(XDocument svg)
        => [.. svg.Descendants(Svg + "g")
            .Where(g => g.Attribute("clip-path") is not null && g.Descendants(Svg + "text").Any())
            .SelectMany(g => g.Descendants(Svg + "text"))
            .Select(t => t.Value.Trim())];
}
