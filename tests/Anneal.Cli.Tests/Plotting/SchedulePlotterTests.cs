using Anneal.Cli.Plotting;

namespace Anneal.Cli.Tests.Plotting;

public class SchedulePlotterTests
{
    [Theory]
    [InlineData(1, -1, "0.1")]
    [InlineData(5, -2, "0.05")]
    [InlineData(1, -4, "0.0001")]
    [InlineData(1, -5, "1e-5")]
    [InlineData(2, 4, "20000")]
    [InlineData(1, 5, "1e5")]
    public void LogTickLabel_IsPlainNearOneAndExponentialFarFromIt(int mantissa, int exponent, string expected)
        => LogTicks.Label(mantissa, exponent).ShouldBe(expected);

    [Fact]
    public void LogTicks_ManyDecades_LabelEveryFewPowersOfTen()
    {
        // When: 0.1 down to 1e-11
        var ticks = Majors(-11, -1);

        // Then
        ticks.Length.ShouldBeLessThanOrEqualTo(8);
        ticks.ShouldContain("0.01");
        ticks.ShouldContain("1e-10");
    }

    [Fact]
    public void LogTicks_LessThanAFactorOfThree_LabelEveryMantissa()
    {
        // When: 0.05 to 0.1
        var ticks = Majors(Math.Log10(0.049), Math.Log10(0.101));

        // Then
        ticks.ShouldBe(["0.05", "0.06", "0.07", "0.08", "0.09", "0.1"]);
    }

    private static string[] Majors(double low, double high)
        => [.. LogTicks.Ticks(low, high).Where(t => t.Label is not null).Select(t => t.Label!)];

    [Fact]
    public void Points_LongSeries_AreThinnedButKeepEveryExtreme()
    {
        // Given: a saw tooth of 100,001 values with a single spike
        var values = Enumerable.Range(0, 100_001).Select(k => (k % 1000) / 1000.0).ToArray();
        values[54_321] = 7;

        // When
        var (xs, ys, dropped) = SchedulePlotter.Points(values, log: false);

        // Then
        xs.Length.ShouldBeLessThanOrEqualTo(SchedulePlotter.MaxPointsPerLine + 4);
        dropped.ShouldBe(0);
        ys.Max().ShouldBe(7);
        ys.Min().ShouldBe(0);
        xs.ShouldBeInOrder(SortDirection.Ascending);
        xs[^1].ShouldBe(100_000);
    }

    [Fact]
    public void Points_LogScale_LeaveOutZerosAndTakeLog10()
    {
        // When
        var (xs, ys, dropped) = SchedulePlotter.Points([0.0, 0.1, 0.01, 0.0], log: true);

        // Then
        dropped.ShouldBe(2);
        xs.ShouldBe([1.0, 2.0]);
        ys.ShouldBe([-1.0, -2.0], tolerance: 1e-15);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.00005, "5e-05")]
    [InlineData(1e-17, "0")]
    [InlineData(0.000123456, "0.0001235")]
    public void TickLabel_HasFourSignificantDigits(double value, string expected)
        => SchedulePlotter.TickLabel(value).ShouldBe(expected);
}
