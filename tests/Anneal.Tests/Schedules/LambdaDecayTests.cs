using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class LambdaDecayTests
{
    [Fact]
    public void At_IsBaseTimesLambda()
    {
        var schedule = new LambdaDecay(0.5, "0.95 ** epoch");

        for (var e = 0; e <= 30; e++)
        {
            Tolerance.ShouldMatch(schedule.At(e), 0.5 * Math.Pow(0.95, e), $"epoch {e}");
        }
    }

    [Fact]
    public void At_PythonLambdaPastesAsIs_WithConditionalsAndFloorDivision()
    {
        var schedule = new LambdaDecay(0.1, "lambda epoch: 1.0 if epoch < 3 else 0.5 ** (epoch // 3)");

        schedule.At(0).ShouldBe(0.1);
        schedule.At(2).ShouldBe(0.1);
        schedule.At(3).ShouldBe(0.05);
        schedule.At(8).ShouldBe(0.1 * 0.25);
        schedule.At(9).ShouldBe(0.1 * 0.125);
    }

    [Fact]
    public void Spec_RoundTripsTheExpressionText()
    {
        var schedule = new LambdaDecay(0.5, "0.95**epoch");

        schedule.ToString().ShouldBe("LambdaDecay(learning_rate=0.5, lr_lambda='0.95**epoch')");
        Schedule.Parse(schedule.ToString()).ShouldBe(schedule);
        Schedule.FromJson(schedule.ToJson()).ShouldBe(schedule);
        schedule.ToJson().ShouldBe("{\"type\":\"LambdaDecay\",\"learning_rate\":0.5,\"lr_lambda\":\"0.95**epoch\"}");
    }

    [Fact]
    public void Create_ExpressionThatDoesNotParse_IsRefused()
    {
        var ex = Should.Throw<ArgumentException>(() => new LambdaDecay(0.5, "0.95 ** (epoch"));

        ex.ParamName.ShouldBe("lrLambda");
        ex.Message.ShouldContain("0.95 ** (epoch");
    }

    [Fact]
    public void Create_ExpressionFailingAtEpochZero_IsRefusedAtConstruction()
    {
        // Paddle calls the lambda in its constructor, so 1/epoch fails there with ZeroDivisionError.
        var ex = Should.Throw<ArgumentException>(() => new LambdaDecay(0.5, "1 / epoch"));

        ex.ParamName.ShouldBe("lrLambda");
        ex.Message.ShouldContain("fails at epoch = 0");
    }

    [Fact]
    public void At_ExpressionFailingLater_ThrowsNeverNaN()
    {
        var schedule = new LambdaDecay(0.5, "1 / (epoch - 3)");

        Should.Throw<DivideByZeroException>(() => schedule.At(3));
        var overflow = new LambdaDecay(0.5, "10.0 ** (epoch * 100)");
        Should.Throw<ArithmeticException>(() => overflow.At(4));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Create_BadLearningRate_IsRefused(double lr)
        => Should.Throw<ArgumentOutOfRangeException>(() => new LambdaDecay(lr, "1")).ParamName.ShouldBe("learningRate");

    [Fact]
    public void Scheduler_StepsAndResumes()
    {
        var schedule = new LambdaDecay(0.5, "0.95 ** epoch");
        var scheduler = schedule.CreateScheduler(lastEpoch: 9);

        scheduler.LastLR.ShouldBe(schedule.At(10));
        scheduler.Step();
        scheduler.LastLR.ShouldBe(schedule.At(11));
    }
}

public class MultiplicativeDecayTests
{
    [Fact]
    public void At_IsTheProductMultipliedLeftToRight()
    {
        var schedule = new MultiplicativeDecay(0.5, "0.95");
        var expected = 0.5;

        for (var e = 0; e <= 40; e++)
        {
            if (e > 0)
            {
                expected *= 0.95;
            }

            schedule.At(e).ShouldBe(expected, $"epoch {e}");
        }
    }

    [Fact]
    public void At_LambdaOfTheEpoch()
    {
        // λ(e) = 1 - 0.1·e for e ≤ 5: 0.5, 0.45, 0.36, 0.252, ...
        var schedule = new MultiplicativeDecay(0.5, "1 - 0.1 * epoch");

        schedule.At(0).ShouldBe(0.5);
        schedule.At(1).ShouldBe(0.5 * (1 - 0.1));
        schedule.At(2).ShouldBe(0.5 * (1 - 0.1) * (1 - (0.1 * 2)));
        schedule.At(3).ShouldBe(0.5 * (1 - 0.1) * (1 - (0.1 * 2)) * (1 - (0.1 * 3)));
    }

    [Fact]
    public void Scheduler_SequentialSteps_GiveTheSameBitsAsAt()
    {
        var schedule = new MultiplicativeDecay(0.5, "0.9 + 0.001 * (epoch % 7)");
        var scheduler = schedule.CreateScheduler();

        for (var e = 1; e <= 200; e++)
        {
            scheduler.Step();
            scheduler.LastLR.ShouldBe(schedule.At(e));
        }
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_GivesTheProductUpToIt()
    {
        var schedule = new MultiplicativeDecay(1.0, "0.5");
        var scheduler = schedule.CreateScheduler();

        scheduler.Step(4);

        scheduler.LastLR.ShouldBe(0.0625);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(0.03125);
    }

    [Fact]
    public void Create_ExpressionFailingAtEpochOne_IsRefused()
    {
        var ex = Should.Throw<ArgumentException>(() => new MultiplicativeDecay(0.5, "1 / (epoch - 1)"));

        ex.ParamName.ShouldBe("lrLambda");
    }

    [Fact]
    public void Spec_RoundTrips()
    {
        var schedule = Schedule.Parse("MultiplicativeDecay(learning_rate=0.5, lr_lambda='0.95')");

        schedule.ShouldBe(new MultiplicativeDecay(0.5, "0.95"));
        Schedule.FromJson(schedule.ToJson()).ShouldBe(schedule);
    }
}
