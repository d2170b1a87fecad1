using System.ComponentModel;
using System.Globalization;
using Anneal.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// The arguments of <c>anneal plot SPEC [SPEC ...] [--steps N] [--metrics=...] [--out FILE.png|FILE.svg] [--log-y]
/// [--title T] [--width W] [--height H]</c>. <see cref="Validate"/> checks everything but the specs, which
/// <see cref="PlotCommand"/> checks.
/// </summary>
internal sealed class PlotSettings : SeriesSettings
{
    /// <summary>The file written when <c>--out</c> is not given, in the current directory.</summary>
    public const string DefaultOut = "anneal-plot.png";

    /// <summary>The schedules, each <c>SPEC</c> or <c>NAME=SPEC</c>.</summary>
    [CommandArgument(0, "<SPEC>")]
    [Description("One or more schedules, each spec text (quote it) or JSON, optionally labelled NAME=SPEC, e.g. cosine=\"CosineAnnealingDecay(learning_rate=0.1, T_max=100)\". Without a label the legend shows the schedule's name")]
    public string[] Specs { get; init; } = [];

    /// <summary>The output file.</summary>
    [CommandOption("--out <FILE>")]
    [Description("The picture to write: FILE.png or FILE.svg (the extension chooses the format). Default anneal-plot.png in the current directory. The full path is printed at the end")]
    public string? Out { get; init; }

    /// <summary>Whether the learning rate is drawn on a log scale.</summary>
    [CommandOption("--log-y")]
    [Description("Draw the learning rate on a log scale. Values <= 0 (a cosine's end, NoamDecay's step 0) cannot be drawn there: they are left out, and a note says how many")]
    public bool LogY { get; init; }

    /// <summary>The title.</summary>
    [CommandOption("--title <TITLE>")]
    [Description("A title above the plot. Default: the label of a single spec, none for several")]
    public string? Title { get; init; }

    /// <summary>The text of <c>--width</c>.</summary>
    [CommandOption("--width <W>")]
    [Description("Width in pixels, 200 to 8000. Default 800")]
    public string? WidthText { get; init; }

    /// <summary>The text of <c>--height</c>.</summary>
    [CommandOption("--height <H>")]
    [Description("Height in pixels, 200 to 8000. Default 500")]
    public string? HeightText { get; init; }

    /// <summary>The width. Valid after <see cref="Validate"/>.</summary>
    public int Width => Size("--width", WidthText, PlotOptions.DefaultWidth);

    /// <summary>The height. Valid after <see cref="Validate"/>.</summary>
    public int Height => Size("--height", HeightText, PlotOptions.DefaultHeight);

    /// <summary>The output file, relative paths taken from the current directory. Valid after <see cref="Validate"/>.</summary>
    public PlotFile OutputFile => Resolve(Out ?? DefaultOut);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return ValidateImage(Out, WidthText, HeightText);
    }

    /// <summary>Checks <c>--out</c>, <c>--width</c> and <c>--height</c>, as <c>plot</c> and <c>compare</c> take them.</summary>
    /// <param name="output">The value of <c>--out</c>, or null.</param>
    /// <param name="width">The value of <c>--width</c>, or null.</param>
    /// <param name="height">The value of <c>--height</c>, or null.</param>
    /// <returns>Success, or the first problem.</returns>
    internal static ValidationResult ValidateImage(string? output, string? width, string? height)
    {
        if (output is not null && !PlotFile.TryResolve("--out", output, Directory.GetCurrentDirectory(), out _, out var outProblem))
        {
            return ValidationResult.Error(outProblem);
        }

        foreach (var (option, text) in new[] { ("--width", width), ("--height", height) })
        {
            if (text is not null && !TryParseSize(option, text, out _, out var problem))
            {
                return ValidationResult.Error(problem);
            }
        }

        return ValidationResult.Success();
    }

    /// <summary>Resolves an <c>--out</c> value that <see cref="ValidateImage"/> accepted.</summary>
    /// <param name="output">The path.</param>
    /// <returns>The file.</returns>
    internal static PlotFile Resolve(string output)
        => PlotFile.TryResolve("--out", output, Directory.GetCurrentDirectory(), out var file, out var problem) ? file : throw new CliException(problem);

    /// <summary>Reads <c>--width</c> or <c>--height</c>.</summary>
    /// <param name="option">The option.</param>
    /// <param name="text">Its value, or null.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The size in pixels.</returns>
    internal static int Size(string option, string? text, int fallback)
        => text is null ? fallback : TryParseSize(option, text, out var size, out var problem) ? size : throw new CliException(problem);

    private static bool TryParseSize(string option, string text, out int size, out string problem)
    {
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size)
            && size is >= PlotOptions.MinSize and <= PlotOptions.MaxSize)
        {
            problem = string.Empty;
            return true;
        }

        problem = $"{option} = '{text}' is not allowed: expected an integer from {PlotOptions.MinSize} to {PlotOptions.MaxSize} (pixels)";
        return false;
    }
}
