using System.Diagnostics;

namespace Anneal.Cli.Tests;

/// <summary>Runs the built CLI as a real process, to prove that Program wires the exit code and the streams.</summary>
public class ProcessTests
{
    [Fact]
    public async Task Export_AsAProcess_WritesRowsToStdoutAndExitsZero()
    {
        // When
        var (code, stdout, stderr) = await RunAsync("export", "StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)", "--steps", "3");

        // Then
        code.ShouldBe(0, stderr);
        stdout.ShouldBe("step,lr\n0,0.5\n1,0.5\n2,0.4\n3,0.4\n");
        stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task BadSpec_AsAProcess_WritesOneErrorLineToStderrAndExitsTwo()
    {
        // When
        var (code, stdout, stderr) = await RunAsync("export", "StepDecay(learning_rate=0.5, step_sise=2)");

        // Then
        code.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldStartWith("error: unknown parameter 'step_sise' of StepDecay; did you mean 'step_size'?");
        stderr.TrimEnd('\n').ShouldNotContain('\n');
    }

    [Fact]
    public async Task Help_AsAProcess_ExitsZero()
    {
        // When
        var (code, stdout, _) = await RunAsync("export", "--help");

        // Then
        code.ShouldBe(0);
        stdout.ShouldContain("EXAMPLES:");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        // The CLI's assembly is copied next to the tests by the project reference.
        var dll = Path.Combine(AppContext.BaseDirectory, "Anneal.Cli.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
