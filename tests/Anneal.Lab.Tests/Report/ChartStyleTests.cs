using Anneal.Lab.Report;

namespace Anneal.Lab.Tests.Report;

public class ChartStyleTests
{
    [Fact]
    public void Thin_LongLines_KeepAtMostMaxPoints_AndTheLastOne()
    {
        var xs = Enumerable.Range(0, 3752).Select(i => (double)i).ToArray();
        var (tx, ty) = ChartStyle.Thin(xs, xs);
        tx.Length.ShouldBeLessThanOrEqualTo(ChartStyle.MaxPoints + 1);
        tx[0].ShouldBe(0);
        tx[^1].ShouldBe(3751);
        ty.ShouldBe(tx);
    }

    [Fact]
    public void Thin_ShortLines_AreKept() => ChartStyle.Thin([1.0, 2.0], [3.0, 4.0]).Xs.ShouldBe([1.0, 2.0]);

    [Fact]
    public void Smooth_IsTheBiasCorrectedEma()
    {
        var smooth = ChartStyle.Smooth([2.0, 2.0, 2.0]);
        smooth.ShouldAllBe(v => Math.Abs(v - 2.0) < 1e-12);
        ChartStyle.Smooth([1.0, 3.0], beta: 0.5)[1].ShouldBe(((0.25 * 1) + (0.5 * 3)) / 0.75, 1e-12);
    }

    [Theory]
    [InlineData(-3, "1e-3")]
    [InlineData(-2, "0.01")]
    [InlineData(0, "1")]
    [InlineData(5, "1e5")]
    public void FormatPower_WritesPowersOfTen(double exponent, string expected) => ChartStyle.FormatPower(exponent).ShouldBe(expected);

    [Theory]
    [InlineData(0.03, "0.03")]
    [InlineData(1e-5, "1e-5")]
    [InlineData(0.0115, "0.0115")]
    public void FormatLr_IsShort(double lr, string expected) => ChartStyle.FormatLr(lr).ShouldBe(expected);
}
