using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// The arguments of <c>anneal compare SPEC_A SPEC_B [--steps N] [--metrics=...] [--out FILE.png|FILE.svg] [--log-y]
/// [--title T] [--width W] [--height H]</c>.
/// </summary>
internal sealed class CompareSettings : SeriesSettings
{
    /// <summary>The file written when <c>--out</c> is not given, in the current directory.</summary>
    public const string DefaultOut = "anneal-compare.png";

    /// <summary>The first schedule.</summary>
    [CommandArgument(0, "<SPEC_A>")]
    [Description("The first schedule (e.g. the reference): spec text (quote it) or JSON, optionally NAME=SPEC")]
    public string SpecA { get; init; } = string.Empty;

    /// <summary>The second schedule.</summary>
    [CommandArgument(1, "<SPEC_B>")]
    [Description("The second schedule (e.g. the port), compared step by step with the first")]
    public string SpecB { get; init; } = string.Empty;

    /// <summary>The output file.</summary>
    [CommandOption("--out <FILE>")]
    [Description("The overlay picture: FILE.png or FILE.svg. Default anneal-compare.png in the current directory")]
    public string? Out { get; init; }

    /// <summary>Whether the learning rate is drawn on a log scale.</summary>
    [CommandOption("--log-y")]
    [Description("Draw the learning rate on a log scale (values <= 0 are left out of the picture, not of the comparison)")]
    public bool LogY { get; init; }

    /// <summary>The title.</summary>
    [CommandOption("--title <TITLE>")]
    [Description("A title above the plot. Default: \"A vs B\" with their labels")]
    public string? Title { get; init; }

    /// <summary>The text of <c>--width</c>.</summary>
    [CommandOption("--width <W>")]
    [Description("Width in pixels, 200 to 8000. Default 800")]
    public string? WidthText { get; init; }

    /// <summary>The text of <c>--height</c>.</summary>
    [CommandOption("--height <H>")]
    [Description("Height in pixels, 200 to 8000. Default 500")]
    public string? HeightText { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var result = base.Validate();
        return result.Successful ? PlotSettings.ValidateImage(Out, WidthText, HeightText) : result;
    }
}
