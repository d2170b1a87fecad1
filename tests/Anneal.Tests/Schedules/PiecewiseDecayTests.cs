using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Schedules;

public class PiecewiseDecayTests
{
    [Fact]
    public void At_PaddleExample_TakesTheNextValueAtEachBoundary()
    {
        var s = new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4]);

        double[] expected = [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4];
        for (var e = 0; e < expected.Length; e++)
        {
            s.At(e).ShouldBe(expected[e], $"epoch {e}");
        }

        s.At(1_000_000_000_000).ShouldBe(0.4);
        s.At(long.MaxValue).ShouldBe(0.4);
    }

    [Fact]
    public void At_EveryStep_FollowsSpecLinearScan()
    {
        long[] boundaries = [3, 6, 9, 15, 20];
        double[] values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var s = new PiecewiseDecay(boundaries, values);

        for (long e = 0; e <= 30; e++)
        {
            // SPEC §3: the first i with e < boundaries[i] gives values[i]; else the last element of values.
            var expected = values[^1];
            for (var i = 0; i < boundaries.Length; i++)
            {
                if (e < boundaries[i])
                {
                    expected = values[i];
                    break;
                }
            }

            s.At(e).ShouldBe(expected, $"epoch {e}");
        }
    }

    [Fact]
    public void At_ExtraValues_IntermediatesAreNeverUsedAndTheLastOneAppliesAfterTheLastBoundary()
    {
        // Paddle accepts more than len(boundaries) + 1 values; 0.3 and 0.4 are never returned.
        var s = new PiecewiseDecay([2], [0.1, 0.2, 0.3, 0.4, 0.05]);

        s.At(0).ShouldBe(0.1);
        s.At(1).ShouldBe(0.1);
        s.At(2).ShouldBe(0.05);
        s.At(3).ShouldBe(0.05);
        s.At(10_000).ShouldBe(0.05);
        s.Values.ShouldBe([0.1, 0.2, 0.3, 0.4, 0.05]);
    }

    [Fact]
    public void At_BoundaryAtZero_FirstValueIsNeverSeen()
    {
        var s = new PiecewiseDecay([0, 5], [9.0, 0.2, 0.1]);

        s.At(0).ShouldBe(0.2);
        s.At(4).ShouldBe(0.2);
        s.At(5).ShouldBe(0.1);
        s.CreateScheduler().LastLR.ShouldBe(0.2);
    }

    [Fact]
    public void At_ValuesAreReturnedAsGiven()
    {
        // No learning_rate multiplies them (Paddle's base_lr = 0.1 is a placeholder); increasing values are fine.
        var s = new PiecewiseDecay([1, 2], [0.0, 1e-7, 3.5]);

        s.At(0).ShouldBe(0.0);
        s.At(1).ShouldBe(1e-7);
        s.At(2).ShouldBe(3.5);
    }

    [Fact]
    public void Constructor_CopiesItsLists()
    {
        long[] boundaries = [3, 6];
        double[] values = [0.3, 0.2, 0.1];
        var s = new PiecewiseDecay(boundaries, values);

        boundaries[0] = 100;
        values[0] = 7.0;

        s.At(0).ShouldBe(0.3);
        s.At(3).ShouldBe(0.2);
        s.Boundaries.ShouldBe([3L, 6L]);
        s.Values.ShouldBe([0.3, 0.2, 0.1]);
        (s.Boundaries is long[]).ShouldBeFalse();
        (s.Values is double[]).ShouldBeFalse();
    }

    [Fact]
    public void At_NegativeStep_IsRefused()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay([3], [0.2, 0.1]).At(-1));
        ex.ParamName.ShouldBe("step");
    }

    public static TheoryData<long[], double[], string, string> BadArguments() => new()
    {
        { [], [0.1], "boundaries", "boundaries = [] must not be empty" },
        { [3, 6], [0.1, 0.2], "values", "values = [0.1, 0.2] must have more elements than boundaries: 2 given, at least 3 needed" },
        { [3], [], "values", "values = [] must have more elements than boundaries: 0 given, at least 2 needed" },
        { [6, 3], [0.3, 0.2, 0.1], "boundaries", "boundaries = 3 at index 1 must be > 6, the boundary before it (boundaries must be strictly increasing)" },
        { [3, 3], [0.3, 0.2, 0.1], "boundaries", "boundaries = 3 at index 1 must be > 3" },
        { [-1, 3], [0.3, 0.2, 0.1], "boundaries", "boundaries = -1 at index 0 must be >= 0" },
        { [3], [0.2, -0.1], "values", "values = -0.1 at index 1 must be >= 0" },
        { [3], [double.NaN, 0.1], "values", "values = nan at index 0 must be a finite number" },
        { [3], [0.2, double.PositiveInfinity], "values", "values = inf at index 1 must be a finite number" },
        { [3], [double.NegativeInfinity, 0.1], "values", "values = -inf at index 0 must be a finite number" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Constructor_BadArgument_IsRefusedNamingParameterValueAndRule(long[] boundaries, double[] values, string param, string fragment)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay(boundaries, values));

        ex.ParamName.ShouldBe(param);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Constructor_NullList_IsRefused()
    {
        Should.Throw<ArgumentNullException>(() => new PiecewiseDecay(null!, [0.1])).ParamName.ShouldBe("boundaries");
        Should.Throw<ArgumentNullException>(() => new PiecewiseDecay([1], null!)).ParamName.ShouldBe("values");
    }

    [Fact]
    public void Constructor_Boundaries_AcceptJustInsideAndRefuseJustOutside()
    {
        // boundaries[0] >= 0; each boundary > the one before; values >= 0; len(values) >= len(boundaries) + 1.
        Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay([-1], [0.2, 0.1]));
        new PiecewiseDecay([0], [0.2, 0.1]).At(0).ShouldBe(0.1);
        new PiecewiseDecay([long.MaxValue], [0.2, 0.1]).At(long.MaxValue).ShouldBe(0.1);
        Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay([5, 5], [0.3, 0.2, 0.1]));
        new PiecewiseDecay([5, 6], [0.3, 0.2, 0.1]).At(5).ShouldBe(0.2);
        Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay([1], [0.2, -double.Epsilon]));
        new PiecewiseDecay([1], [0.2, 0.0]).At(1).ShouldBe(0.0);
        new PiecewiseDecay([1], [0.2, double.MaxValue]).At(1).ShouldBe(double.MaxValue);
        Should.Throw<ArgumentOutOfRangeException>(() => new PiecewiseDecay([1, 2], [0.2, 0.1]));
        new PiecewiseDecay([1, 2], [0.3, 0.2, 0.1]).At(2).ShouldBe(0.1);
    }

    [Fact]
    public void ToString_WritesBothLists()
    {
        new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4]).ToString()
            .ShouldBe("PiecewiseDecay(boundaries=[3, 6, 9], values=[0.1, 0.2, 0.3, 0.4])");
        new PiecewiseDecay([3], [1, 0]).ToString().ShouldBe("PiecewiseDecay(boundaries=[3], values=[1.0, 0.0])");
    }

    [Fact]
    public void Spec_RoundTripsThroughTextAndJson()
    {
        var s = new PiecewiseDecay([0, 3, 10], [0.5, 0.25, 1e-08, 0.125, 0.0625]);

        var fromText = Schedule.Parse(s.ToString());
        var fromJson = Schedule.FromJson(s.ToJson());

        fromText.ShouldBe(s);
        fromJson.ShouldBe(s);
        s.ToJson().ShouldBe("{\"type\":\"PiecewiseDecay\",\"boundaries\":[0,3,10],\"values\":[0.5,0.25,1e-08,0.125,0.0625]}");
        for (long e = 0; e <= 20; e++)
        {
            fromText.At(e).ShouldBe(s.At(e));
            fromJson.At(e).ShouldBe(s.At(e));
        }
    }

    [Theory]
    [InlineData("PiecewiseDecay(boundaries=[3, 6.0], values=[0.3, 0.2, 0.1])", "boundaries", "expected a list of integer literals")]
    [InlineData("PiecewiseDecay(boundaries=3, values=[0.3, 0.2])", "boundaries", "expected a list of integers")]
    [InlineData("PiecewiseDecay(boundaries=[], values=[0.3])", "boundaries", "PiecewiseDecay: boundaries = [] must not be empty")]
    [InlineData("PiecewiseDecay(boundaries=[6, 3], values=[0.3, 0.2, 0.1])", "boundaries", "boundaries = 3 at index 1 must be > 6")]
    [InlineData("PiecewiseDecay(boundaries=[3, 6], values=[0.3, 0.2])", "values", "PiecewiseDecay: values = [0.3, 0.2] must have more elements than boundaries")]
    [InlineData("PiecewiseDecay(boundaries=[3], values=[0.3, -1])", "values", "PiecewiseDecay: values = -1.0 at index 1 must be >= 0")]
    [InlineData("PiecewiseDecay(boundaries=[3], values=[0.3, 0.2], learning_rate=0.1)", "learning_rate", "unknown parameter 'learning_rate' of PiecewiseDecay")]
    public void Parse_BadSpec_IsRefusedInSpecTerms(string text, string parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe(parameter);
        ex.Message.ShouldContain(fragment);
    }

    [Fact]
    public void Scheduler_SteppedFromFresh_ReportsAtOfEachEpoch()
    {
        var s = new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4]);
        var scheduler = s.CreateScheduler();

        scheduler.LastLR.ShouldBe(0.1);
        for (long k = 1; k <= 12; k++)
        {
            scheduler.Step();
            scheduler.LastEpoch.ShouldBe(k);
            scheduler.LastLR.ShouldBe(s.At(k));
        }

        scheduler.LastLR.ShouldBe(0.4);
    }

    [Fact]
    public void Scheduler_ResumedAfterLastEpoch_StartsAtTheNextEpoch()
    {
        var scheduler = new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4]).CreateScheduler(lastEpoch: 2);

        scheduler.LastEpoch.ShouldBe(3);
        scheduler.LastLR.ShouldBe(0.2);
    }

    [Fact]
    public void Scheduler_ExplicitEpoch_LandsOnTheCurve()
    {
        var scheduler = new PiecewiseDecay([3, 6, 9], [0.1, 0.2, 0.3, 0.4]).CreateScheduler();

        scheduler.Step(7);
        scheduler.LastLR.ShouldBe(0.3);
        scheduler.Step(2);
        scheduler.LastLR.ShouldBe(0.1);
        scheduler.Step();
        scheduler.LastLR.ShouldBe(0.2);
    }
}
