namespace Anneal.Cli;

/// <summary>Where a command writes its results: the <c>stdout</c> given to <see cref="AnnealApp.Run(string[], TextWriter, TextWriter)"/>.</summary>
/// <param name="Out">The writer for results.</param>
internal sealed record CliOutput(TextWriter Out);
