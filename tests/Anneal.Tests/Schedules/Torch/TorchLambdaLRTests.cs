using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchLambdaLRTests
{
    [Fact]
    public void At_PyTorchDocumentedLambdas()
    {
        // torch's docstring: lambda epoch: epoch // 30 and lambda epoch: 0.95 ** epoch; lr = base * lambda(epoch).
        var floor = new TorchLambdaLR(0.1, "epoch // 30");
        var power = new TorchLambdaLR(0.1, "lambda epoch: 0.95 ** epoch");

        for (var e = 0; e < 100; e++)
        {
            floor.At(e).ShouldBe(0.1 * (e / 30), $"epoch {e}");
            power.At(e).ShouldBe(0.1 * Math.Pow(0.95, e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_ExpressionFailingLater_ThrowsAtThatStep()
    {
        var schedule = new TorchLambdaLR(0.5, "1 / (epoch - 3)");

        Tolerance.ShouldMatch(schedule.At(2), -0.5);
        Should.Throw<DivideByZeroException>(() => schedule.At(3));
    }

    [Fact]
    public void Create_ExpressionFailingAtEpochZero_IsRefused()
        => ShouldRefuse<ArgumentException>(() => new TorchLambdaLR(0.5, "1 / epoch"), "lrLambda", "'1 / epoch'", "fails at epoch = 0");

    [Fact]
    public void Create_ExpressionThatDoesNotParse_IsRefused()
        => ShouldRefuse<ArgumentException>(() => new TorchLambdaLR(0.5, "0.95 **"), "lrLambda", "is not a valid Python expression");

    [Fact]
    public void Create_NullExpression_IsRefused()
        => Should.Throw<ArgumentNullException>(() => new TorchLambdaLR(0.5, (string)null!)).ParamName.ShouldBe("lrLambda");

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be >= 0")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadLr_IsRefused(double lr, string shown, string rule)
        => ShouldRefuseValue(() => new TorchLambdaLR(lr, "1.0"), "lr", shown, rule);

    [Fact]
    public void Spec_RoundTrips()
        => ShouldRoundTrip(new TorchLambdaLR(0.05, "0.95 ** epoch"), "torch.LambdaLR(lr=0.05, lr_lambda='0.95 ** epoch')");

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        SpecShouldRefuse("torch.LambdaLR(lr=0.05, lr_lambda='1 / epoch')", "lr_lambda", "fails at epoch = 0");
        SpecShouldRefuse("torch.LambdaLR(lr=0.05, lr_lambda=0.95)", "lr_lambda", "expected a quoted Python expression");
        SpecShouldRefuse("torch.LambdaLR(lr=0.05)", "lr_lambda", "missing required parameter 'lr_lambda'");
    }

    [Fact]
    public void Scheduler_FollowsTheSchedule()
        => SchedulerShouldFollow(new TorchLambdaLR(0.5, "1 / (epoch + 1)"), 10);
}
