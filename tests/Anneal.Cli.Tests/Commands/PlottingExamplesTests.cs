using Anneal.Cli.Commands;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

/// <summary>Every <c>--help</c> example of <c>plot</c>, <c>show</c>, <c>compare</c> and <c>gallery</c> runs as shown (with its output sent to a temp folder).</summary>
public sealed class PlottingExamplesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string[]> Examples => [.. PlotCommand.Examples, .. ShowCommand.Examples, .. CompareCommand.Examples, .. GalleryCommand.Examples];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_RunsAsShown(string[] example)
    {
        // Given: the example as the shell passes it (quotes removed, NAME="SPEC" joined), writing under a temp folder
        var args = example.Select(Unquote).ToList();
        var writes = args[0] is "plot" or "compare" or "gallery";
        var outAt = args.IndexOf("--out");
        if (outAt >= 0)
        {
            args[outAt + 1] = _temp.File(args[outAt + 1]);
        }
        else if (writes)
        {
            args.AddRange(["--out", _temp.File(args[0] == "compare" ? "anneal-compare.png" : "anneal-plot.png")]);
        }

        // When
        var result = AnnealCli.Run([.. args]);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldBeEmpty();
        if (writes)
        {
            result.Lines[^1].ShouldContain(_temp.Path);
        }
    }

    [Theory]
    [InlineData("plot")]
    [InlineData("show")]
    [InlineData("compare")]
    [InlineData("gallery")]
    public void Help_HasUsageOptionsAndExamples(string verb)
    {
        // When
        var result = AnnealCli.Run(verb, "--help");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain($"anneal {verb} ");
        result.Stdout.ShouldContain("EXAMPLES:");
        result.Stdout.ShouldContain("OPTIONS:");
    }

    /// <summary><c>"x"</c> → <c>x</c>; <c>name="x"</c> → <c>name=x</c>, as a shell reads them.</summary>
    private static string Unquote(string arg)
    {
        var quote = arg.IndexOf('"', StringComparison.Ordinal);
        return quote >= 0 && arg.EndsWith('"') && arg.Length > quote + 1 ? arg[..quote] + arg[(quote + 1)..^1] : arg;
    }
}
