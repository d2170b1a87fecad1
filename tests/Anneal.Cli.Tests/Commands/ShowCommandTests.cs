using System.Globalization;
using System.Text;
using Anneal.Cli.Commands;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

public class ShowCommandTests
{
    /// <summary>Each golden file and the arguments after <c>anneal show</c> that produce it.</summary>
    public static TheoryData<string, string[]> Goldens => new()
    {
        { "show-multistep.txt", ["MultiStepDecay(learning_rate=0.1, milestones=[30, 80])"] },
        { "show-warmup-cosine.txt", ["Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10)"] },
        { "show-onecycle-momentum.txt", ["torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=50)", "--steps", "50"] },
        { "show-plateau.txt", ["ReduceOnPlateau(learning_rate=0.1, factor=0.5, patience=1)", "--metrics=1,0.9,0.9,0.9,0.8,0.8,0.8,0.8,0.7,0.7,0.7"] },
        { "show-lambda.txt", ["step-and-ramp=LambdaDecay(learning_rate=0.1, lr_lambda='1.0 if epoch < 30 else max(0.1, 1 - (epoch - 30) / 50)')"] },
        { "show-cyclic-long.txt", ["CyclicLR(base_learning_rate=0.001, max_learning_rate=0.01, step_size_up=5, mode='triangular2')", "--steps", "200"] },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Output_MatchesTheGoldenFile(string golden, string[] args)
    {
        // Given
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", golden);
        var expected = File.ReadAllText(path, Encoding.UTF8);

        // When
        var result = AnnealCli.Run(["show", .. args]);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldBeEmpty();
        if (result.Stdout != expected)
        {
            // Leave what was printed beside the golden file (ignored by git) for a diff.
            File.WriteAllText(Path.ChangeExtension(path, ".received.txt"), result.Stdout, new UTF8Encoding(false));
        }

        result.Stdout.ShouldBe(expected, $"see {Path.ChangeExtension(path, ".received.txt")}");
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Output_IsPlainTextInEightyColumns(string golden, string[] args)
    {
        // When
        var result = AnnealCli.Run(["show", .. args]);

        // Then
        result.ExitCode.ShouldBe(0, golden);
        result.Stdout.ShouldNotContain("\u001b");
        result.Stdout.ShouldNotContain('\r');
        result.Stdout.ShouldEndWith("\n");
        foreach (var line in result.Lines)
        {
            new StringInfo(line).LengthInTextElements.ShouldBeLessThanOrEqualTo(ShowCommand.Width, line);
            line.ShouldBe(line.TrimEnd());
        }
    }

    [Fact]
    public void Table_ListsStartPeakMinimumEndAndEveryMilestone()
    {
        // When
        var result = AnnealCli.Run("show", "MultiStepDecay(learning_rate=0.1, milestones=[30, 80])");

        // Then
        var rows = TableRows(result.Stdout);
        rows.ShouldBe(
        [
            ("0", "0.1", "start; peak"),
            ("30", "0.01", "milestone: ×0.1"),
            ("80", "0.001", "minimum; milestone: ×0.1"),
            ("100", "0.001", "end"),
        ]);
    }

    [Fact]
    public void Chart_TopAndBottomLabelsAreTheLargestAndSmallestValues()
    {
        // When
        var result = AnnealCli.Run("show", "LinearLR(learning_rate=0.5, total_steps=10, start_factor=0.2)", "--steps", "10");

        // Then
        var labelled = result.Lines.Where(l => l.Contains(" ┤", StringComparison.Ordinal)).Select(l => l[..l.IndexOf('┤', StringComparison.Ordinal)].Trim()).ToArray();
        labelled[0].ShouldBe("0.5");
        labelled[^1].ShouldBe("0.1");
    }

    [Fact]
    public void LongRun_ListsTwelvePhaseChangesAndCountsTheRest()
    {
        // When
        var result = AnnealCli.Run("show", "CyclicLR(base_learning_rate=0.001, max_learning_rate=0.01, step_size_up=5)", "--steps", "200");

        // Then: a top and a bottom every 5 steps from 5 to 200 is 40 phase changes
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("28 more phase changes (see 'anneal export')");
    }

    /// <summary>The rows of the key-point table: step, learning rate, what.</summary>
    private static (string Step, string Lr, string What)[] TableRows(string output)
        => [.. output.Split('\n')
            .Where(l => l.StartsWith('│') && !l.Contains("step", StringComparison.Ordinal))
            .Select(l => l.Split('│', StringSplitOptions.TrimEntries))
            .Select(c => (c[1], c[2], c[3]))];
}
