using Anneal.Tests.TestSupport;

namespace Anneal.Tests.Plateau;

/// <summary>Expected values are worked out by hand from SPEC.md §13 (Paddle's rule), step by step.</summary>
public class ReduceOnPlateauTests
{
    private static double[] Run(ReduceOnPlateau definition, params double[] metrics)
    {
        var scheduler = definition.CreateScheduler();
        var lrs = new List<double> { scheduler.LastLR };
        foreach (var m in metrics)
        {
            scheduler.Step(m);
            lrs.Add(scheduler.LastLR);
        }

        return [.. lrs];
    }

    private static void ShouldMatch(double[] actual, params double[] expected)
    {
        actual.Length.ShouldBe(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Tolerance.ShouldMatch(actual[i], expected[i], $"epoch {i}");
        }
    }

    [Fact]
    public void Create_StartsAtEpochZeroWithoutStepping()
    {
        var scheduler = new ReduceOnPlateau(0.1).CreateScheduler();

        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.1);
        scheduler.Best.ShouldBeNull();
        scheduler.NumBadEpochs.ShouldBe(0);
        scheduler.CooldownCounter.ShouldBe(0);
    }

    [Fact]
    public void Step_PatienceZero_CutsOnEveryNonImprovingStep()
    {
        // 1 → best; 1 → bad (1 > 0) → cut to 0.5; 0.5 → improvement; 0.5 → bad → 0.25.
        var lrs = Run(new ReduceOnPlateau(1.0, factor: 0.5, patience: 0), 1.0, 1.0, 0.5, 0.5);

        ShouldMatch(lrs, 1, 1, 0.5, 0.5, 0.25);
    }

    [Fact]
    public void Step_DuringCooldown_IgnoresMetricsAndKeepsBest()
    {
        var scheduler = new ReduceOnPlateau(1.0, factor: 0.1, patience: 1, cooldown: 2).CreateScheduler();
        var lrs = new List<double>();

        foreach (var m in new[] { 5.0, 5.0, 5.0 })
        {
            scheduler.Step(m);
            lrs.Add(scheduler.LastLR);
        }

        // best 5; bad 1; bad 2 > patience 1 → cut to 0.1, cooldown 2.
        ShouldMatch([.. lrs], 1, 1, 0.1);
        scheduler.CooldownCounter.ShouldBe(2);

        // A great improvement during cooldown is not recorded.
        scheduler.Step(0.1);
        scheduler.CooldownCounter.ShouldBe(1);
        scheduler.Step(0.1);
        scheduler.CooldownCounter.ShouldBe(0);
        scheduler.Best.ShouldBe(5.0);
        scheduler.NumBadEpochs.ShouldBe(0);

        // Evaluated again: 5 is not better than 5 → bad 1, then bad 2 → cut again.
        scheduler.Step(5.0);
        scheduler.LastLR.ShouldBe(0.1);
        scheduler.Step(5.0);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.1 * 0.1);
    }

    [Fact]
    public void Step_MinLr_FloorsTheCut_AndTheEpsilonTestBlocksZeroCuts()
    {
        var scheduler = new ReduceOnPlateau(1.0, factor: 0.5, patience: 0, cooldown: 1, minLr: 0.3).CreateScheduler();

        scheduler.Step(1.0); // best
        scheduler.Step(1.0); // bad → max(0.5, 0.3)
        scheduler.LastLR.ShouldBe(0.5);
        scheduler.Step(1.0); // cooldown
        scheduler.Step(1.0); // bad → max(0.25, 0.3) = 0.3
        scheduler.LastLR.ShouldBe(0.3);
        scheduler.Step(1.0); // cooldown
        scheduler.Step(1.0); // bad → max(0.15, 0.3) = 0.3: no change, but cooldown is re-armed and the count reset
        scheduler.LastLR.ShouldBe(0.3);
        scheduler.CooldownCounter.ShouldBe(1);
        scheduler.NumBadEpochs.ShouldBe(0);
    }

    [Fact]
    public void Step_CutSmallerThanEpsilon_IsNotApplied()
    {
        // 2e-8 * 0.5 = 1e-8; the cut 2e-8 - 1e-8 = 1e-8 is not > epsilon 1e-8.
        var lrs = Run(new ReduceOnPlateau(2e-8, factor: 0.5, patience: 0), 1.0, 1.0);

        lrs.ShouldBe([2e-8, 2e-8, 2e-8]);
    }

    [Fact]
    public void Step_NegativeFlatLossInRelativeMode_CountsAsImprovementForever()
    {
        // best - best * threshold lies above best when best < 0, so -1 < -0.9999 is an improvement every time.
        var lrs = Run(new ReduceOnPlateau(1.0, factor: 0.5, patience: 0), -1, -1, -1, -1, -1);

        lrs.ShouldAllBe(lr => lr == 1.0);
    }

    [Fact]
    public void Step_MaxModeAbsoluteThreshold()
    {
        // 1 → best; 1.05 is not > 1 + 0.1 → bad → cut; 1.2 > 1.1 → best.
        var scheduler = new ReduceOnPlateau(1.0, PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.1, thresholdMode: ThresholdMode.Abs).CreateScheduler();

        scheduler.Step(1.0);
        scheduler.Step(1.05);
        scheduler.LastLR.ShouldBe(0.5);
        scheduler.Step(1.2);
        scheduler.Best.ShouldBe(1.2);
        scheduler.LastLR.ShouldBe(0.5);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Step_NonFiniteMetric_IsABadEpochAndNeverBest(double metric)
    {
        var scheduler = new ReduceOnPlateau(1.0, factor: 0.5, patience: 1).CreateScheduler();

        scheduler.Step(metric);
        scheduler.Best.ShouldBeNull();
        scheduler.NumBadEpochs.ShouldBe(1);

        scheduler.Step(2.0);
        scheduler.Best.ShouldBe(2.0);
        scheduler.NumBadEpochs.ShouldBe(0);

        scheduler.Step(metric);
        scheduler.Step(metric);
        scheduler.Best.ShouldBe(2.0);
        scheduler.LastLR.ShouldBe(0.5);
    }

    [Fact]
    public void Step_WithoutMetric_SaysWhatToDo()
    {
        LRScheduler scheduler = new ReduceOnPlateau(1.0).CreateScheduler();

        Should.Throw<InvalidOperationException>(() => scheduler.Step()).Message.ShouldContain("Step(metric)");
        Should.Throw<InvalidOperationException>(() => scheduler.Step(3)).Message.ShouldContain("Step(metric, epoch)");
    }

    [Fact]
    public void Step_WithEpoch_IsBookkeepingOnly()
    {
        var scheduler = new ReduceOnPlateau(1.0).CreateScheduler();

        scheduler.Step(1.0, epoch: 7);

        scheduler.LastEpoch.ShouldBe(7);
        Should.Throw<ArgumentOutOfRangeException>(() => scheduler.Step(1.0, epoch: -1)).ParamName.ShouldBe("epoch");
    }

    [Fact]
    public void State_SaveRestoreContinue_EqualsUninterruptedRun()
    {
        var definition = new ReduceOnPlateau(1.0, factor: 0.5, patience: 2, cooldown: 1, minLr: 0.01);
        var metrics = Enumerable.Range(0, 60).Select(i => Math.Sin(i * 0.7) + (i % 7 == 0 ? double.NaN : 0)).ToArray();

        for (var split = 0; split <= metrics.Length; split += 5)
        {
            var uninterrupted = definition.CreateScheduler();
            var first = definition.CreateScheduler();
            foreach (var m in metrics[..split])
            {
                uninterrupted.Step(m);
                first.Step(m);
            }

            var restored = (ReduceOnPlateauScheduler)LRScheduler.Restore(first.SaveState());
            foreach (var m in metrics[split..])
            {
                uninterrupted.Step(m);
                restored.Step(m);
                restored.LastLR.ShouldBe(uninterrupted.LastLR);
                restored.LastEpoch.ShouldBe(uninterrupted.LastEpoch);
                restored.Best.ShouldBe(uninterrupted.Best);
                restored.NumBadEpochs.ShouldBe(uninterrupted.NumBadEpochs);
                restored.CooldownCounter.ShouldBe(uninterrupted.CooldownCounter);
            }
        }
    }

    [Fact]
    public void State_CarriesEveryPaddleKey()
    {
        var scheduler = new ReduceOnPlateau(1.0).CreateScheduler();

        var state = scheduler.SaveState();

        state.ShouldBe("{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"ReduceOnPlateau(learning_rate=1.0)\",\"last_epoch\":0,\"last_lr\":1,\"cooldown_counter\":0,\"best\":null,\"num_bad_epochs\":0}");
    }

    [Fact]
    public void State_Inconsistent_IsRefusedAndChangesNothing()
    {
        var scheduler = new ReduceOnPlateau(1.0, cooldown: 2).CreateScheduler();
        scheduler.Step(3.0);
        var before = scheduler.SaveState();
        var bad = before.Replace("\"cooldown_counter\":0", "\"cooldown_counter\":5", StringComparison.Ordinal);

        Should.Throw<ArgumentException>(() => scheduler.LoadState(bad)).ParamName.ShouldBe("state");

        scheduler.SaveState().ShouldBe(before);
    }

    [Theory]
    [InlineData(-0.1, "learningRate")]
    [InlineData(double.NaN, "learningRate")]
    [InlineData(double.PositiveInfinity, "learningRate")]
    public void Create_BadLearningRate_IsRefused(double lr, string param)
        => Should.Throw<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(lr)).ParamName.ShouldBe(param);

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Create_FactorNotBelowOne_IsRefused(double factor)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(0.1, factor: factor));

        ex.ParamName.ShouldBe("factor");
    }

    [Fact]
    public void Create_FactorZeroAndNegative_AreAcceptedLikePaddle_AndDropToMinLr()
    {
        var lrs = Run(new ReduceOnPlateau(1.0, factor: 0.0, patience: 0, minLr: 0.01), 1, 1);

        lrs.ShouldBe([1.0, 1.0, 0.01]);
        Should.NotThrow(() => new ReduceOnPlateau(1.0, factor: -0.5));
    }

    [Theory]
    [InlineData("patience")]
    [InlineData("cooldown")]
    [InlineData("threshold")]
    [InlineData("minLr")]
    [InlineData("epsilon")]
    public void Create_NegativeCountsAndThresholds_AreRefused(string param)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => param switch
        {
            "patience" => new ReduceOnPlateau(0.1, patience: -1),
            "cooldown" => new ReduceOnPlateau(0.1, cooldown: -1),
            "threshold" => new ReduceOnPlateau(0.1, threshold: -1e-4),
            "minLr" => new ReduceOnPlateau(0.1, minLr: -1),
            _ => new ReduceOnPlateau(0.1, epsilon: double.NaN),
        });

        ex.ParamName.ShouldBe(param);
    }
}
