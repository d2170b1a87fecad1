using System.Globalization;
using System.Text.Json;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

public class ExportCommandTests
{
    private const string StepDecaySpec = "StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)";

    /// <summary>Paddle's StepDecay: lr(e) = 0.5 * 0.8 ** (e // 2).</summary>
    private static double StepDecayAt(long epoch) => 0.5 * Math.Pow(0.8, epoch / 2);

    [Fact]
    public void Csv_StepDecay_HasHeaderAndNPlusOneRowsOnTheCurve()
    {
        // Given
        string[] args = ["export", StepDecaySpec, "--steps", "5"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldBeEmpty();
        var rows = ParseCsv(result.Stdout);
        rows.Select(r => r.Step).ShouldBe([0L, 1, 2, 3, 4, 5]);
        foreach (var (step, lr) in rows)
        {
            lr.ShouldBe(StepDecayAt(step)); // exact: the CSV round-trips
        }

        rows.Select(r => r.Lr).ShouldBe([0.5, 0.5, 0.4, 0.4, 0.5 * Math.Pow(0.8, 2), 0.5 * Math.Pow(0.8, 2)]);
    }

    [Fact]
    public void Json_StepDecay_IsAnArrayOfStepLrObjectsOnTheCurve()
    {
        // Given
        string[] args = ["export", StepDecaySpec, "--steps", "5", "--format", "json"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldBeEmpty();
        var rows = ParseJson(result.Stdout);
        rows.Select(r => r.Step).ShouldBe([0L, 1, 2, 3, 4, 5]);
        foreach (var (step, lr) in rows)
        {
            lr.ShouldBe(StepDecayAt(step));
        }
    }

    [Theory]
    [InlineData("csv", "export-stepdecay.csv")]
    [InlineData("json", "export-stepdecay.json")]
    public void Output_StepDecay_MatchesTheGoldenFileByteForByte(string format, string golden)
    {
        // Given
        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", golden));

        // When
        var result = AnnealCli.Run("export", StepDecaySpec, "--steps", "5", "--format", format);

        // Then
        result.ExitCode.ShouldBe(0);
        System.Text.Encoding.UTF8.GetBytes(result.Stdout).ShouldBe(expected);
    }

    [Fact]
    public void LastEpoch_Four_FirstRowIsStepFiveAtThePaddleValue()
    {
        // Given
        string[] args = ["export", StepDecaySpec, "--last-epoch", "4", "--steps", "3"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        var rows = ParseCsv(result.Stdout);
        rows.Select(r => r.Step).ShouldBe([5L, 6, 7, 8]);
        rows[0].Lr.ShouldBe(0.5 * Math.Pow(0.8, 2)); // 0.32 (0.32000000000000006 in binary)
        rows.Select(r => r.Lr).ShouldBe([StepDecayAt(5), StepDecayAt(6), StepDecayAt(7), StepDecayAt(8)]);
    }

    [Fact]
    public void LastEpoch_MinusOne_IsAFreshStart()
    {
        // Given
        string[] args = ["export", StepDecaySpec, "--last-epoch", "-1", "--steps", "2"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        ParseCsv(result.Stdout).Select(r => r.Step).ShouldBe([0L, 1, 2]);
    }

    [Fact]
    public void Steps_NotGiven_DefaultsToTwenty()
    {
        // Given
        string[] args = ["export", StepDecaySpec];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        var rows = ParseCsv(result.Stdout);
        rows.Count.ShouldBe(21);
        rows[^1].ShouldBe((20L, StepDecayAt(20)));
    }

    [Fact]
    public void Steps_Zero_PrintsOnlyTheRowAfterConstruction()
    {
        // When
        var result = AnnealCli.Run("export", StepDecaySpec, "--steps", "0");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe("step,lr\n0,0.5\n");
    }

    [Fact]
    public void Steps_Many_WritesEveryRowInBothFormats()
    {
        // Given: more rows than one output chunk
        const int steps = 20_000;

        // When
        var csv = AnnealCli.Run("export", "CosineAnnealingDecay(learning_rate=0.1, T_max=1000)", "--steps", "20000");
        var json = AnnealCli.Run("export", "CosineAnnealingDecay(learning_rate=0.1, T_max=1000)", "--steps", "20000", "--format", "json");

        // Then
        csv.ExitCode.ShouldBe(0);
        json.ExitCode.ShouldBe(0);
        var csvRows = ParseCsv(csv.Stdout);
        var jsonRows = ParseJson(json.Stdout);
        csvRows.Count.ShouldBe(steps + 1);
        jsonRows.ShouldBe(csvRows);
        var schedule = Schedule.Parse("CosineAnnealingDecay(learning_rate=0.1, T_max=1000)");
        csvRows[^1].ShouldBe((steps, schedule.CreateScheduler(steps - 1).LastLR));
    }

    [Fact]
    public void Format_IsCaseInsensitive()
    {
        // When
        var result = AnnealCli.Run("export", StepDecaySpec, "--steps", "1", "--format", "JSON");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe("[{\"step\":0,\"lr\":0.5},{\"step\":1,\"lr\":0.5}]\n");
    }

    [Fact]
    public void Spec_GivenAsJson_ExportsTheSameRows()
    {
        // Given
        const string json = """{"type": "StepDecay", "learning_rate": 0.5, "step_size": 2, "gamma": 0.8}""";

        // When
        var fromJson = AnnealCli.Run("export", json, "--steps", "5");
        var fromText = AnnealCli.Run("export", StepDecaySpec, "--steps", "5");

        // Then
        fromJson.ExitCode.ShouldBe(0);
        fromJson.Stdout.ShouldBe(fromText.Stdout);
    }

    [Fact]
    public void Spec_WithPaddlePrefixAndExtraSpace_IsAccepted()
    {
        // When
        var result = AnnealCli.Run("export", "  paddle.optimizer.lr.StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)  ", "--steps", "5");

        // Then
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe(AnnealCli.Run("export", StepDecaySpec, "--steps", "5").Stdout);
    }

    [Fact]
    public void Cosine_TenSteps_FollowsTheClosedForm()
    {
        // Given: CosineAnnealingDecay's closed form for eta_min = 0, over one period
        string[] args = ["export", "CosineAnnealingDecay(learning_rate=0.1, T_max=10)", "--steps", "10"];

        // When
        var result = AnnealCli.Run(args);

        // Then: the CLI reports what the scheduler reports, exactly, and that is the cosine within rounding
        result.ExitCode.ShouldBe(0);
        var rows = ParseCsv(result.Stdout);
        rows.Count.ShouldBe(11);
        var scheduler = Schedule.Parse("CosineAnnealingDecay(learning_rate=0.1, T_max=10)").CreateScheduler();
        foreach (var (step, lr) in rows)
        {
            step.ShouldBe(scheduler.LastEpoch);
            lr.ShouldBe(scheduler.LastLR);
            lr.ShouldBe(0.05 * (1 + Math.Cos(Math.PI * step / 10)), 1e-12);
            if (step < 10)
            {
                scheduler.Step();
            }
        }
    }

    [Fact]
    public void Metrics_AllEqual_CutAfterPatiencePlusOneBadSteps()
    {
        // Given: patience 1, factor 0.5, cooldown 0. Step 1: 1 becomes best. Step 2: no improvement, 1 bad epoch
        // (not > patience). Step 3: 2 bad epochs > 1: lr 1 -> 0.5, counter reset. Step 4: 1 bad epoch.
        string[] args = ["export", "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=1)", "--metrics=1,1,1,1"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        ParseCsv(result.Stdout).ShouldBe([(0L, 1.0), (1L, 1.0), (2L, 1.0), (3L, 0.5), (4L, 0.5)]);
    }

    [Fact]
    public void Metrics_NegativeAndNonFinite_FollowThePaddleRule()
    {
        // Given: -0.5 becomes best; -1e-3 is worse (bad 1); 2 is worse (bad 2 > 1: cut to 0.5); nan is bad (1);
        // inf is bad (2: cut to 0.25); -inf is never an improvement either (bad 1).
        string[] args = ["export", "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=1)", "--metrics=-0.5,-1e-3,2,nan,inf,-inf"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        ParseCsv(result.Stdout).Select(r => r.Lr).ShouldBe([1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25]);
    }

    [Fact]
    public void Metrics_NegativeAndImproving_NeverCut()
    {
        // Given: each metric is lower than the best by more than the relative threshold
        string[] args = ["export", "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=0)", "--metrics=-1,-2,-3.5,-1e3"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ExitCode.ShouldBe(0);
        ParseCsv(result.Stdout).Select(r => r.Lr).ShouldBe([1.0, 1.0, 1.0, 1.0, 1.0]);
    }

    [Fact]
    public void Metrics_AfterASpace_WorkLikeAfterAnEqualsSign()
    {
        // Given: a value that starts with '-' after a space must not be taken for an option
        const string spec = "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=1)";

        // When
        var spaced = AnnealCli.Run("export", spec, "--metrics", "-0.5,-1e-3,2");
        var joined = AnnealCli.Run("export", spec, "--metrics=-0.5,-1e-3,2");

        // Then
        spaced.ExitCode.ShouldBe(0);
        spaced.Stdout.ShouldBe(joined.Stdout);
        ParseCsv(spaced.Stdout).Select(r => r.Lr).ShouldBe([1.0, 1.0, 1.0, 0.5]);
    }

    [Fact]
    public void Metrics_WithLastEpoch_NumberTheRowsFromThere()
    {
        // When
        var result = AnnealCli.Run("export", "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=0)", "--metrics=1,1", "--last-epoch", "9", "--format", "json");

        // Then
        result.ExitCode.ShouldBe(0);
        ParseJson(result.Stdout).ShouldBe([(10L, 1.0), (11L, 1.0), (12L, 0.5)]);
    }

    [Fact]
    public void Metrics_Invariant_IgnoreTheCurrentCulture()
    {
        // Given: a culture whose decimal separator is a comma must not change how metrics or numbers are read
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = comma;

            // When
            var result = AnnealCli.Run("export", "ReduceOnPlateau(learning_rate=0.5, factor=0.5, patience=0)", "--metrics=1.5,1.5");

            // Then
            result.ExitCode.ShouldBe(0);
            result.Stdout.ShouldBe("step,lr\n0,0.5\n1,0.5\n2,0.25\n");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Metrics_CommaSeparatesMetricsNotDecimals()
    {
        // When: "0,5" is two metrics, 0 and 5 (invariant culture), not one metric 0.5
        var result = AnnealCli.Run("export", "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=0)", "--metrics=0,5");

        // Then: 0 becomes best, 5 is worse: cut
        result.ExitCode.ShouldBe(0);
        ParseCsv(result.Stdout).ShouldBe([(0L, 1.0), (1L, 1.0), (2L, 0.5)]);
    }

    private static List<(long Step, double Lr)> ParseCsv(string csv)
    {
        var lines = csv.Split('\n');
        lines[0].ShouldBe("step,lr");
        lines[^1].ShouldBe(string.Empty, "the output ends with a line break");
        return lines[1..^1]
            .Select(line => line.Split(','))
            .Select(cells => (long.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static List<(long Step, double Lr)> ParseJson(string json)
    {
        json.ShouldEndWith("]\n");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(row =>
            {
                row.EnumerateObject().Select(p => p.Name).ShouldBe(["step", "lr"]);
                return (row.GetProperty("step").GetInt64(), row.GetProperty("lr").GetDouble());
            })
            .ToList();
    }

    [Fact]
    public void Export_TorchReduceLROnPlateau_TakesMetricsToo()
    {
        // Given PyTorch's rule: best starts at +inf, so the first metric improves; patience 0 cuts on the second.
        var (code, stdout, _) = AnnealCli.Run("export", "torch.ReduceLROnPlateau(lr=1.0, factor=0.5, patience=0)", "--metrics=1,1");

        // Then
        code.ShouldBe(0);
        stdout.ShouldBe("step,lr\n0,1\n1,1\n2,0.5\n");
    }

    [Fact]
    public void Export_OneCycleWithMomentum_AddsAMomentumColumn()
    {
        // Given torch.OneCycleLR with its PyTorch example (max_lr 25, 10 steps, linear): momentum 0.95 → 0.85 over steps 0..2.
        var (code, stdout, _) = AnnealCli.Run(
            "export",
            "torch.OneCycleLR(lr=1.0, max_lr=25, total_steps=10, final_div_factor=2, anneal_strategy='linear')",
            "--steps",
            "2");

        // Then
        code.ShouldBe(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("step,lr,momentum");
        lines[1].ShouldBe("0,1,0.95");
        lines[3].ShouldStartWith("2,25,");
        double.Parse(lines[3].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0.85, 1e-15);
    }
}
