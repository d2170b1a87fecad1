using Anneal.Cli.Analysis;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

public sealed class CompareCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SameValues_AreIdenticalWithin1e12_AndExitZero()
    {
        // Given: Paddle's StepDecay and PyTorch's StepLR agree
        var path = _temp.File("same.png");

        // When
        var result = AnnealCli.Run("compare", "StepDecay(learning_rate=0.1, step_size=30)", "torch.StepLR(lr=0.1, step_size=30)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldBeEmpty();
        result.Lines.ShouldBe(
        [
            "A: StepDecay(learning_rate=0.1, step_size=30)",
            "B: torch.StepLR(lr=0.1, step_size=30)",
            "steps 0 to 100 (101 values compared)",
            "learning rate: max |a - b| = 0",
            "learning rate: max relative difference = 0",
            "learning rate: identical within 1e-12 (|a - b| <= 1e-12 * max(1, |a|, |b|) at every step)",
            $"wrote {path}",
        ]);
        Pictures.ShouldBePng(path);
    }

    [Fact]
    public void DifferentValues_AreADifferenceNotAnError()
    {
        // Given
        var path = _temp.File("different.svg");

        // When
        var result = AnnealCli.Run("compare", "a=StepDecay(learning_rate=0.1, step_size=30)", "b=StepDecay(learning_rate=0.1, step_size=30, gamma=0.5)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Lines.ShouldBe(
        [
            "A: a = StepDecay(learning_rate=0.1, step_size=30)",
            "B: b = StepDecay(learning_rate=0.1, step_size=30, gamma=0.5)",
            "steps 0 to 100 (101 values compared)",
            "learning rate: max |a - b| = 0.04 at step 30",
            "learning rate: max relative difference = 0.9920000000000001 at step 90",
            "learning rate: first difference beyond 1e-12 at step 30: a = 0.010000000000000002, b = 0.05",
            $"wrote {path}",
        ]);
    }

    [Fact]
    public void Picture_OverlaysBothAndMarksTheFirstDifference()
    {
        // Given
        var path = _temp.File("overlay.svg");

        // When
        var result = AnnealCli.Run("compare", "paddle=StepDecay(learning_rate=0.1, step_size=30)", "port=StepDecay(learning_rate=0.1, step_size=31)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        var svg = Pictures.ShouldBeSvg(path);
        Pictures.SeriesCount(svg).ShouldBe(3, "two lines and the marker");
        Pictures.LegendTexts(svg).ShouldBe(["A: paddle", "B: port", "first difference (step 30)"]);
        Pictures.Texts(svg).ShouldContain("paddle vs port");
    }

    [Fact]
    public void Momentum_IsComparedWhenBothCycleIt()
    {
        // Given
        var path = _temp.File("momentum.png");

        // When
        var result = AnnealCli.Run("compare", "torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=100)", "torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=100, max_momentum=0.9)", "--out", path);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("learning rate: identical within 1e-12");
        result.Stdout.ShouldContain("momentum: first difference beyond 1e-12 at step 0: a = 0.95, b = 0.9");
    }

    [Fact]
    public void DefaultOut_IsAnnealComparePng()
        => Anneal.Cli.Commands.CompareSettings.DefaultOut.ShouldBe("anneal-compare.png");

    [Theory]
    [InlineData(0.1, 0.1, false)]
    [InlineData(0.1, 0.1 + 1e-13, false)]
    [InlineData(0.1, 0.1 + 2e-12, true)]
    [InlineData(1000.0, 1000.0 + 5e-10, false)]
    [InlineData(1000.0, 1000.0 + 2e-9, true)]
    [InlineData(0.0, 1e-13, false)]
    [InlineData(double.NaN, double.NaN, false)]
    [InlineData(double.NaN, 0.1, true)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, false)]
    public void Tolerance_IsSpecsPolicy(double a, double b, bool differ)
    {
        // When
        var result = SeriesDifference.Differ(a, b);

        // Then: |a - b| <= 1e-12 * max(1, |a|, |b|)
        result.ShouldBe(differ);
    }

    [Fact]
    public void Difference_ComparesTheCommonSteps()
    {
        // When
        var difference = SeriesDifference.Of([1.0, 0.5, 0.25, 0.125], [1.0, 0.5, 0.2]);

        // Then
        difference.Compared.ShouldBe(3);
        difference.FirstDifference.ShouldBe(2);
        difference.MaxAbsolute.ShouldBe(0.05, 1e-15);
        difference.MaxAbsoluteStep.ShouldBe(2);
        difference.MaxRelative.ShouldBe(0.2, 1e-15);
    }
}
