namespace Anneal.TorchSharp.Tests.Finder;

public class LrSuggestionsTests
{
    /// Rates 1e-4 · 10^(i/10): ten points per decade.
    private static double[] Lrs(int n) => [.. Enumerable.Range(0, n).Select(i => 1e-4 * Math.Pow(10, i / 10.0))];

    /// A synthetic range-test curve of 50 points: flat at 2 for i &lt; 10; then down 0.05 per point to i = 39, except
    /// 0.3 from 20 to 21 (the steepest segment) and 0.1 from 21 to 22; then up 0.2 per point.
    private static double[] Curve()
    {
        var y = new double[50];
        for (var i = 0; i < 50; i++)
        {
            y[i] = i < 10 ? 2 : i <= 39 ? y[i - 1] - (i == 21 ? 0.3 : i == 22 ? 0.1 : 0.05) : y[i - 1] + 0.2;
        }

        return y;
    }

    [Fact]
    public void Valley_LongestDecreasingRun_PicksFastaisPointInIt()
    {
        // The longest decreasing subsequence ends at 39 and has 31 points (one flat point, then 30 falling ones);
        // fastai: max_start = 39 - 31 = 8, s = 31/3, index = 8 + 10 + 5 = 23.
        LrSuggestions.Valley(Curve()).ShouldBe(23);
    }

    [Fact]
    public void Valley_Fastai_ShortExample() =>

        // 6 falling points end at 5: max_start = 5 - 6 = -1, s = 2, index = -1 + 2 + 1 = 2.
        LrSuggestions.Valley([5, 4, 3, 2, 1, 0, 1, 2, 3]).ShouldBe(2);

    [Fact]
    public void Minimum_IsTheLowestLoss() => LrSuggestions.Minimum(Curve()).ShouldBe(39);

    [Fact]
    public void Steep_IsTheStartOfTheSteepestSegment() => LrSuggestions.Steep(Lrs(50), Curve()).ShouldBe(20);

    [Fact]
    public void Steep_UsesLogLr_NotIndex()
    {
        // Equal drops, but the second segment spans half the log distance: it is steeper per decade.
        double[] lrs = [1, 10, Math.Sqrt(10) * 10, 1000];
        LrSuggestions.Steep(lrs, [3, 2, 1, 0.9]).ShouldBe(1);
    }

    [Fact]
    public void SteepestGradient_IsTheMostNegativeCentralDifference()
    {
        // g[20] = (y21 - y19)/2 = -0.175, g[21] = (y22 - y20)/2 = -0.2: the centred rule picks 21, steep picks 20.
        LrSuggestions.SteepestGradient(Curve()).ShouldBe(21);
    }

    [Fact]
    public void Gradient_MatchesNumpy()
    {
        // np.gradient([1, 4, 9, 16]) == [3, 4, 6, 7]
        LrSuggestions.Gradient([1, 4, 9, 16]).ShouldBe([3, 4, 6, 7]);
    }

    [Fact]
    public void Slide_StraightLine_StopsAtOnce_LrDiffFromTheEnd()
    {
        var lrs = Lrs(40);
        var line = Enumerable.Range(0, 40).Select(i => 3 - (0.01 * i)).ToArray();
        LrSuggestions.Slide(lrs, line).ShouldBe(lrs[40 - 1 - 15]);
    }

    [Fact]
    public void Slide_FlatThenParabola_SlidesUntilBothEndsAreFlat()
    {
        // y = 0 up to 30, then (i - 30)^2: the gradients differ until the right end reaches 29 (left end 14);
        // the last window that still differed had its left end at 15.
        var lrs = Lrs(50);
        var y = Enumerable.Range(0, 50).Select(i => i <= 30 ? 0.0 : (i - 30.0) * (i - 30.0)).ToArray();
        LrSuggestions.Slide(lrs, y).ShouldBe(lrs[15]);
        LrSuggestions.Slide(lrs, y, adjust: 0.5).ShouldBe(lrs[15] * 0.5);
    }

    [Fact]
    public void Suggest_TrimsLikeTheOriginals_AndDividesTheMinimumByTen()
    {
        // Given: 100 points, the curve's true minimum in the last five (which fastai and torch-lr-finder drop)
        var lrs = Lrs(100);
        var y = Enumerable.Range(0, 100).Select(i => i < 95 ? 2 - (0.01 * i) + (i > 60 ? 0.03 * (i - 60) : 0) : -5.0).ToArray();

        // When
        var suggestions = LrSuggestions.Suggest(lrs, y);

        // Then: the minimum of points 10..94 is at 60
        suggestions.Select(s => s.Rule).ShouldBe(["valley", "slide", "minimum/10", "steep", "steepest gradient"]);
        var minimum = suggestions.Single(s => s.Rule == "minimum/10");
        minimum.MarkLr.ShouldBe(lrs[60]);
        minimum.Lr.ShouldBe(lrs[60] / 10, 1e-15);
        minimum.MarkLoss.ShouldBe(y[60]);
    }

    [Fact]
    public void Suggest_ShortCurve_LeavesOutRulesThatNeedMorePoints()
    {
        var lrs = Lrs(12);
        var y = Enumerable.Range(0, 12).Select(i => 2.0 - (0.1 * i)).ToArray();
        LrSuggestions.Suggest(lrs, y).Select(s => s.Rule).ShouldBe(["valley", "minimum/10", "steep"]);
    }

    [Fact]
    public void Rules_RefuseMismatchedInput()
    {
        Should.Throw<ArgumentException>(() => LrSuggestions.Steep([1, 2], [1]));
        Should.Throw<ArgumentException>(() => LrSuggestions.Slide(Lrs(10), new double[10]));
        Should.Throw<ArgumentException>(() => LrSuggestions.Minimum([]));
    }
}
