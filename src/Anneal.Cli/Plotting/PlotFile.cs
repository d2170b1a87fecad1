namespace Anneal.Cli.Plotting;

/// <summary>The image formats a plot is saved in, chosen by the file's extension.</summary>
internal enum PlotFormat
{
    /// <summary>A PNG bitmap (<c>.png</c>).</summary>
    Png,

    /// <summary>An SVG drawing (<c>.svg</c>).</summary>
    Svg,
}

/// <summary>Where a plot goes: an <c>--out</c> path checked before any work is done.</summary>
/// <param name="FullPath">The absolute path.</param>
/// <param name="Format">The format, from the extension.</param>
internal sealed record PlotFile(string FullPath, PlotFormat Format)
{
    /// <summary>The extensions <c>--out</c> allows.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".svg"];

    /// <summary>
    /// Checks an <c>--out</c> value: a <c>.png</c> or <c>.svg</c> file (any case) in a folder that exists, and not a
    /// folder itself. Relative paths are taken from <paramref name="baseDirectory"/>.
    /// </summary>
    /// <param name="option">The option, for the error (<c>--out</c>).</param>
    /// <param name="path">Its value.</param>
    /// <param name="baseDirectory">The folder relative paths start from (the current directory).</param>
    /// <param name="file">The file, when the path is allowed.</param>
    /// <param name="problem">A one-line error, when it is not.</param>
    /// <returns>Whether the path is allowed.</returns>
    public static bool TryResolve(string option, string path, string baseDirectory, out PlotFile file, out string problem)
    {
        file = null!;
        if (string.IsNullOrWhiteSpace(path))
        {
            problem = $"{option} = '{path}' is empty: expected a file name ending in .png or .svg";
            return false;
        }

        var extension = Path.GetExtension(path);
        PlotFormat format;
        if (string.Equals(extension, ".png", StringComparison.OrdinalIgnoreCase))
        {
            format = PlotFormat.Png;
        }
        else if (string.Equals(extension, ".svg", StringComparison.OrdinalIgnoreCase))
        {
            format = PlotFormat.Svg;
        }
        else
        {
            var given = extension.Length == 0 ? "has no extension" : $"has the extension '{extension}'";
            problem = $"{option} = '{path}' {given}; expected one of: {string.Join(", ", Extensions)} (the format follows the extension)";
            return false;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problem = $"{option} = '{path}' is not a valid path: {ex.Message}";
            return false;
        }

        if (Directory.Exists(full))
        {
            problem = $"{option} = '{path}' is a folder; expected a file name ending in .png or .svg";
            return false;
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            problem = $"{option} = '{path}' cannot be written: the folder '{folder}' does not exist";
            return false;
        }

        file = new PlotFile(full, format);
        problem = string.Empty;
        return true;
    }

    /// <summary>Writes the file's bytes, turning a failure into bad input (exit 2) that names the option and the path.</summary>
    /// <param name="option">The option that named the file, for the error.</param>
    /// <param name="write">Writes the file at <see cref="FullPath"/>.</param>
    /// <exception cref="CliException">The file cannot be written.</exception>
    public void Write(string option, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            write(FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} = '{FullPath}' cannot be written: {ex.Message}", ex);
        }
    }
}
