using System.Globalization;
using System.Text;
using Anneal.Cli.Gallery;
using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// <c>anneal gallery</c>: writes the schedule documentation: for every example of <see cref="GalleryExamples"/>, a
/// page <c>&lt;Name&gt;.md</c> (formula, parameters and defaults from the core's XML docs, Paddle and PyTorch
/// equivalents, the example and its key points) with its picture <c>&lt;Name&gt;.svg</c>, and the index
/// <c>README.md</c>. The pictures are drawn by <see cref="SchedulePlotter"/>, as <c>anneal plot</c> draws them.
/// </summary>
internal sealed class GalleryCommand : Command<GallerySettings>, IAnnealCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where progress and the result go.</param>
    public GalleryCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "gallery";

    /// <inheritdoc />
    public static string Description => "Write the schedule gallery: a page and a picture per schedule, and an index";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["gallery", "--out", "docs/schedules"],
    ];

    /// <inheritdoc />
    public override int Execute(CommandContext context, GallerySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = settings.Folder;
        var entries = GalleryExamples.All.Select(e => GalleryPages.Evaluate(e, cancellationToken)).ToArray();
        var pages = entries.ToDictionary(e => e.Definition.GetType().FullName!, e => e.Example.Name, StringComparer.Ordinal);
        var docs = XmlDocs.Load(XmlDocs.DefaultPath, cref => Link(cref, pages));
        Write(() => Directory.CreateDirectory(folder), folder);

        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var picture = new PlotFile(Path.Combine(folder, entry.Picture), PlotFormat.Svg);
            SchedulePlotter.Save(entry.Series, GalleryPages.PictureOptions(entry), picture);
            var page = Path.Combine(folder, entry.Page);
            Write(() => File.WriteAllText(page, GalleryPages.Page(entry, docs), Utf8), page);
            _output.Out.Write($"{entry.Example.Name}: {entry.Page}, {entry.Picture}\n");
            _output.Out.Flush();
        }

        var index = Path.Combine(folder, "README.md");
        Write(() => File.WriteAllText(index, GalleryPages.Index(entries, docs), Utf8), index);
        _output.Out.Write($"wrote {entries.Length.ToString(CultureInfo.InvariantCulture)} pages with their pictures, and the index README.md, to {folder}\n");
        _output.Out.Flush();
        return 0;
    }

    /// <summary>A link to the page of a type that has one, e.g. <c>[torch.CyclicLR](torch.CyclicLR.md)</c>.</summary>
    private static string? Link(string cref, Dictionary<string, string> pages)
        => cref.StartsWith("T:", StringComparison.Ordinal) && pages.TryGetValue(cref[2..], out var name) ? $"[{name}]({name}.md)" : null;

    private static void Write(Action write, string path)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out: cannot write '{path}': {ex.Message}", ex);
        }
    }
}
