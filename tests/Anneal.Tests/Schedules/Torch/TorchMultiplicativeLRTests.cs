using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchMultiplicativeLRTests
{
    [Theory]
    [InlineData("0.95")]
    [InlineData("1 - 0.5 / (epoch + 1)")]
    [InlineData("0.9 if epoch % 3 == 0 else 1.0")]
    public void At_IsPyTorchsRecursion_BitForBit(string lambda)
    {
        // torch: lr(0) = lr (the initial step leaves it), then lr(e) = lr(e-1) * lambda(e).
        var schedule = new TorchMultiplicativeLR(0.5, lambda);
        var factor = Factor(lambda);
        var lr = 0.5;
        for (var e = 0; e <= 60; e++)
        {
            if (e > 0)
            {
                lr *= factor(e);
            }

            schedule.At(e).ShouldBe(lr, $"epoch {e}");
        }
    }

    [Fact]
    public void Scheduler_StepsInConstantTime_WithTheSameBits()
    {
        var schedule = new TorchMultiplicativeLR(0.5, "1 - 0.5 / (epoch + 1)");

        SchedulerShouldFollow(schedule, 40);
    }

    [Fact]
    public void Create_ExpressionFailingAtEpochOne_IsRefused()
        => ShouldRefuse<ArgumentException>(() => new TorchMultiplicativeLR(0.5, "1 / (epoch - 1)"), "lrLambda", "fails at epoch = 1");

    [Fact]
    public void Create_ExpressionThatDoesNotParse_IsRefused()
        => ShouldRefuse<ArgumentException>(() => new TorchMultiplicativeLR(0.5, "0.95 +"), "lrLambda", "is not a valid Python expression");

    [Fact]
    public void Create_NullExpression_IsRefused()
        => Should.Throw<ArgumentNullException>(() => new TorchMultiplicativeLR(0.5, (string)null!)).ParamName.ShouldBe("lrLambda");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchMultiplicativeLR(lr, "0.95"), "lr", shown, rule);

    [Fact]
    public void At_ProductThatOverflows_Throws()
        => Should.Throw<ArithmeticException>(() => new TorchMultiplicativeLR(1.0, "1e300").At(2));

    [Fact]
    public void Spec_RoundTrips()
        => ShouldRoundTrip(new TorchMultiplicativeLR(0.05, "0.95"), "torch.MultiplicativeLR(lr=0.05, lr_lambda='0.95')");

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
        => SpecShouldRefuse("torch.MultiplicativeLR(lr=0.05, lr_lambda='1 / (epoch - 1)')", "lr_lambda", "fails at epoch = 1");

    private static Func<int, double> Factor(string lambda) => lambda switch
    {
        "0.95" => _ => 0.95,
        "1 - 0.5 / (epoch + 1)" => e => 1 - (0.5 / (e + 1)),
        _ => e => e % 3 == 0 ? 0.9 : 1.0,
    };
}
