using System.Globalization;
using Anneal.Cli.Commands;
using Anneal.Cli.Plotting;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

public sealed class PlotCommandTests : IDisposable
{
    private const string Cosine = "CosineAnnealingDecay(learning_rate=0.1, T_max=100)";
    private const string Step = "StepDecay(learning_rate=0.1, step_size=30)";
    private const string TorchOneCycle = "torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=100)";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Png_IsAValidPngOfTheRequestedSize_AndItsFullPathIsPrinted()
    {
        // Given
        var path = _temp.File("cosine.png");

        // When
        var result = AnnealCli.Run("plot", Cosine, "--out", path, "--width", "640", "--height", "360");

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldBeEmpty();
        result.Stdout.ShouldBe($"wrote {path}\n");
        Pictures.ShouldBePng(path).ShouldBe((640, 360));
    }

    [Fact]
    public void Png_DefaultSize_Is800By500()
    {
        // Given
        var path = _temp.File("step.PNG");

        // When
        var result = AnnealCli.Run("plot", Step, "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        Pictures.ShouldBePng(path).ShouldBe((PlotOptions.DefaultWidth, PlotOptions.DefaultHeight));
    }

    [Fact]
    public void Svg_HoldsOneSeriesPerSpec_AndTheLabelsInItsLegend()
    {
        // Given
        var path = _temp.File("three.svg");

        // When
        var result = AnnealCli.Run("plot", $"cosine={Cosine}", $"step={Step}", "exp=ExponentialDecay(learning_rate=0.1, gamma=0.95)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        var svg = Pictures.ShouldBeSvg(path);
        Pictures.SeriesCount(svg).ShouldBe(3);
        Pictures.LegendTexts(svg).ShouldBe(["cosine", "step", "exp"]);
        var texts = Pictures.Texts(svg);
        texts.ShouldContain("step");
        texts.ShouldContain("learning rate");
    }

    [Fact]
    public void Svg_ManySpecs_AllDrawnAndLabelled()
    {
        // Given: eight schedules at once, two of them of the same kind
        string[] specs =
        [
            Cosine, Step, "CosineAnnealingDecay(learning_rate=0.05, T_max=50)", "ExponentialDecay(learning_rate=0.1, gamma=0.97)",
            "MultiStepDecay(learning_rate=0.1, milestones=[20, 70])", "LinearLR(learning_rate=0.1, total_steps=40)",
            "CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=15)", "InverseTimeDecay(learning_rate=0.1, gamma=0.2)",
        ];
        var path = _temp.File("many.svg");

        // When
        var result = AnnealCli.Run(["plot", .. specs, "--out", path]);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        var svg = Pictures.ShouldBeSvg(path);
        Pictures.SeriesCount(svg).ShouldBe(8);
        Pictures.LegendTexts(svg).ShouldBe(
        [
            "CosineAnnealingDecay #1", "StepDecay", "CosineAnnealingDecay #2", "ExponentialDecay", "MultiStepDecay", "LinearLR", "CyclicLR",
            "InverseTimeDecay",
        ]);
    }

    [Fact]
    public void Svg_OneSpec_HasItsNameAsTitleAndNoLegend()
    {
        // Given
        var path = _temp.File("one.svg");

        // When
        var result = AnnealCli.Run("plot", Step, "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        var svg = Pictures.ShouldBeSvg(path);
        Pictures.SeriesCount(svg).ShouldBe(1);
        Pictures.LegendTexts(svg).ShouldBeEmpty();
        Pictures.Texts(svg).ShouldContain("StepDecay");
    }

    [Fact]
    public void Svg_Title_IsTheOneGiven()
    {
        // Given
        var path = _temp.File("titled.svg");

        // When
        var result = AnnealCli.Run("plot", Step, "--title", "Step decay, 30 epochs", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        Pictures.Texts(Pictures.ShouldBeSvg(path)).ShouldContain("Step decay, 30 epochs");
    }

    [Fact]
    public void Svg_ScheduleThatCyclesMomentum_GetsAMomentumLineOnARightAxis()
    {
        // Given
        var path = _temp.File("momentum.svg");

        // When
        var result = AnnealCli.Run("plot", TorchOneCycle, "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        var svg = Pictures.ShouldBeSvg(path);
        Pictures.SeriesCount(svg).ShouldBe(2);
        Pictures.Texts(svg).ShouldContain("momentum");
        Pictures.LegendTexts(svg).ShouldBe(["torch.OneCycleLR", "torch.OneCycleLR (momentum)"]);
    }

    [Fact]
    public void Svg_LogScale_LabelsDecadesAndSaysWhichZerosItLeftOut()
    {
        // Given: the cosine reaches exactly 0 at T_max, which a log scale cannot show
        var path = _temp.File("log.svg");

        // When
        var result = AnnealCli.Run("plot", Cosine, "--log-y", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Lines.ShouldBe(["note: CosineAnnealingDecay: 1 value <= 0 left out of the log scale", $"wrote {path}"]);
        var texts = Pictures.Texts(Pictures.ShouldBeSvg(path));
        texts.ShouldContain("learning rate (log scale)");
        texts.ShouldContain("0.1");
        texts.ShouldContain("0.01");
        texts.ShouldContain("0.001");
        texts.ShouldContain("0.0001");
    }

    [Fact]
    public void Plateau_WithMetrics_IsDrawnBesideASchedule()
    {
        // Given
        var path = _temp.File("plateau.svg");

        // When
        var result = AnnealCli.Run("plot", "ReduceOnPlateau(learning_rate=0.1, patience=1)", Step, "--metrics=1,0.9,0.9,0.9,0.8,0.8,0.8", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        Pictures.SeriesCount(Pictures.ShouldBeSvg(path, minBytes: 1024)).ShouldBe(2);
    }

    [Fact]
    public void DefaultSteps_ScheduleThatEndsSooner_IsDrawnToItsEndWithANote()
    {
        // Given
        var path = _temp.File("short.png");

        // When
        var result = AnnealCli.Run("plot", "OneCycleLR(max_learning_rate=0.1, total_steps=50)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Lines[0].ShouldBe("note: OneCycleLR ends at step 50 (of 100): drawn to there");
        Pictures.ShouldBePng(path);
    }

    [Fact]
    public void DefaultOut_IsAnnealPlotPngInTheCurrentDirectory()
    {
        // Given
        var here = _temp.Path;

        // When
        var ok = PlotFile.TryResolve("--out", PlotSettings.DefaultOut, here, out var file, out _);

        // Then
        ok.ShouldBeTrue();
        PlotSettings.DefaultOut.ShouldBe("anneal-plot.png");
        file.FullPath.ShouldBe(Path.Combine(here, "anneal-plot.png"));
        file.Format.ShouldBe(PlotFormat.Png);
    }

    [Fact]
    public void Series_AreExactlyTheRowsExportPrints()
    {
        // Given
        const string spec = "Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10)";
        var export = AnnealCli.Run("export", spec, "--steps", "100");
        var rows = export.Lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

        // When
        var series = SeriesEvaluator.Evaluate(new LabeledSpec("w", ScheduleSpec.Parse(spec), true), 100, true, null, [], CancellationToken.None);

        // Then
        series.Lr.ShouldBe(rows);
    }

    [Theory]
    [InlineData("cosine=CosineAnnealingDecay(learning_rate=0.1, T_max=10)", "cosine", "CosineAnnealingDecay(learning_rate=0.1, T_max=10)")]
    [InlineData(" paddle = StepDecay(learning_rate=0.1, step_size=3)", "paddle", "StepDecay(learning_rate=0.1, step_size=3)")]
    [InlineData("run-2.b=torch.StepLR(lr=0.1, step_size=3)", "run-2.b", "torch.StepLR(lr=0.1, step_size=3)")]
    [InlineData("p=paddle.optimizer.lr.StepDecay(learning_rate=0.1, step_size=3)", "p", "paddle.optimizer.lr.StepDecay(learning_rate=0.1, step_size=3)")]
    [InlineData("json={\"type\": \"StepDecay\", \"learning_rate\": 0.1, \"step_size\": 3}", "json", "{\"type\": \"StepDecay\", \"learning_rate\": 0.1, \"step_size\": 3}")]
    [InlineData("StepDecay(learning_rate=0.1, step_size=3)", null, "StepDecay(learning_rate=0.1, step_size=3)")]
    [InlineData("LambdaDecay(learning_rate=0.1, lr_lambda='x=1')", null, "LambdaDecay(learning_rate=0.1, lr_lambda='x=1')")]
    [InlineData("a=b", null, "a=b")]
    [InlineData("2x=StepDecay(learning_rate=0.1, step_size=3)", null, "2x=StepDecay(learning_rate=0.1, step_size=3)")]
    public void Label_IsTakenOnlyWhenANameAndEqualsSignPrecedeASpec(string argument, string? label, string spec)
    {
        // When
        var split = LabeledSpec.Split(argument);

        // Then
        split.ShouldBe((label, spec));
    }
}
