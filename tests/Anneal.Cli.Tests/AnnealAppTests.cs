using Anneal.Cli.Commands;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests;

public class AnnealAppTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void ExportHelp_ExitsZeroAndShowsUsageOptionsAndAnExample(string flag)
    {
        // When
        var result = AnnealCli.Run("export", flag);

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldBeEmpty();
        result.Stdout.ShouldContain("anneal export <SPEC> [OPTIONS]");
        result.Stdout.ShouldContain("EXAMPLES:");
        result.Stdout.ShouldContain("anneal export \"CosineAnnealingDecay(learning_rate=0.1, T_max=10)\" --steps 10");
        foreach (var option in new[] { "--steps <N>", "--metrics <V1,V2,...>", "--last-epoch <K>", "--format <FORMAT>" })
        {
            result.Stdout.ShouldContain(option);
        }
    }

    [Fact]
    public void Help_IsPlainTextWithoutColourOrTrailingSpaces()
    {
        // When
        var result = AnnealCli.Run("export", "--help");

        // Then
        result.Stdout.ShouldNotContain("\u001b");
        result.Stdout.Split('\n').ShouldAllBe(line => line.Length == line.TrimEnd().Length);
    }

    [Fact]
    public void AppHelp_ListsEveryVerbWithAnExample()
    {
        // When
        var result = AnnealCli.Run("--help");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("COMMANDS:");
        foreach (var name in AnnealApp.CommandNames)
        {
            result.Stdout.ShouldContain(name);
            var verbHelp = AnnealCli.Run(name, "--help");
            verbHelp.ExitCode.ShouldBe(0);
            verbHelp.Stdout.ShouldContain("EXAMPLES:");
            verbHelp.Stdout.ShouldContain($"anneal {name} ");
        }
    }

    [Fact]
    public void Examples_ParseAsSpectreConfiguresThem()
    {
        // When: Spectre parses every example first, and fails the run if one does not parse
        var result = AnnealCli.Run(validateExamples: true, "--help");

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
    }

    public static TheoryData<string[]> ExportExamples => [.. ExportCommand.Examples];

    [Theory]
    [MemberData(nameof(ExportExamples))]
    public void Examples_RunAsShown(string[] example)
    {
        // Given: the example as the shell passes it, without the quotes shown for it
        var args = example.Select(a => a.Length > 1 && a[0] == '"' && a[^1] == '"' ? a[1..^1] : a).ToArray();

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldStartWith(args.Contains("json") ? "[{\"step\":" : "step,lr\n");
    }

    [Fact]
    public void Version_ExitsZero()
    {
        // When
        var result = AnnealCli.Run("--version");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.Trim().ShouldNotBeEmpty();
        result.Stderr.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("a\nb", "a b")]
    [InlineData("  a \r\n\t b  ", "a b")]
    [InlineData("[red]x[/]", "[red]x[/]")]
    public void OneLine_CollapsesLineBreaksAndKeepsBrackets(string message, string expected)
    {
        // When
        var line = AnnealApp.OneLine(message);

        // Then
        line.ShouldBe(expected);
    }
}
