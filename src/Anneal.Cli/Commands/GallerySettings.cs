using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>The arguments of <c>anneal gallery [--out DIR]</c>.</summary>
internal sealed class GallerySettings : CommandSettings
{
    /// <summary>The folder written when <c>--out</c> is not given, relative to the current directory.</summary>
    public const string DefaultOut = "docs/schedules";

    /// <summary>The folder to write.</summary>
    [CommandOption("--out <DIR>")]
    [Description("The folder for the pages (<Name>.md), pictures (<Name>.svg) and index (README.md); created if missing, files in it overwritten. Default docs/schedules")]
    public string? Out { get; init; }

    /// <summary>The folder, as an absolute path. Valid after <see cref="Validate"/>.</summary>
    public string Folder => Path.GetFullPath(Out ?? DefaultOut, Directory.GetCurrentDirectory());

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Out is not null && string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error($"--out = '{Out}' is empty: expected a folder, e.g. --out docs/schedules");
        }

        string folder;
        try
        {
            folder = Folder;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidationResult.Error($"--out = '{Out}' is not a valid path: {ex.Message}");
        }

        if (File.Exists(folder))
        {
            return ValidationResult.Error($"--out = '{Out}' is a file; expected a folder for the pages and pictures");
        }

        return ValidationResult.Success();
    }
}
