namespace Anneal.Cli.Tests.TestSupport;

/// <summary>What one run of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The stdout lines, without the final empty one.</summary>
    public string[] Lines => Stdout.EndsWith('\n') ? Stdout[..^1].Split('\n') : Stdout.Split('\n');

    /// <summary>Asserts the error contract: exit code 2, nothing on stdout, exactly one line on stderr starting with <c>error: </c>.</summary>
    /// <returns>The error line, without the line break.</returns>
    public string ShouldBeOneLineError()
    {
        ExitCode.ShouldBe(2, $"stderr: {Stderr}");
        Stdout.ShouldBeEmpty();
        Stderr.ShouldStartWith("error: ");
        Stderr.ShouldEndWith("\n");
        Stderr.Count(c => c == '\n').ShouldBe(1, $"stderr must be one line: {Stderr}");
        Stderr.ShouldNotContain('\r');
        Stderr.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        return Stderr[..^1];
    }
}

/// <summary>Runs the CLI in-process, as Program does, against string writers.</summary>
internal static class AnnealCli
{
    public static CliResult Run(params string[] args) => Run(validateExamples: false, args);

    public static CliResult Run(bool validateExamples, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AnnealApp.Run(args, stdout, stderr, validateExamples);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
