using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

/// <summary>Expected values are worked out by hand from PyTorch's rule (SPEC.md §13, "Differences from torch"), step by step.</summary>
public class TorchReduceLROnPlateauTests
{
    [Fact]
    public void Step_ImprovementDuringCooldown_CutsOneEvaluationEarlierThanPaddle()
    {
        // patience 1, cooldown 2, factor 0.5, threshold 1e-4 (rel, min), lr 1; metrics 10 10 10 5 10 8 9 9.
        // Both: 10 → best; 10 → bad 1; 10 → bad 2 > 1 → cut to 0.5, cooldown 2.
        // PyTorch: 5 → best 5 (recorded in cooldown), counter 1, bad 0; 10 → bad, counter 0, bad 0;
        //          8 → not < 5 * 0.9999 → bad 1; 9 → bad 2 → cut to 0.25 at the 7th metric.
        // Paddle:  5 and 10 ignored in cooldown (best stays 10); 8 < 10 - 0.001 → best 8; 9 → bad 1; 9 → bad 2 → cut at the 8th.
        double[] metrics = [10, 10, 10, 5, 10, 8, 9, 9];

        var torch = Run(new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 1, cooldown: 2), metrics);
        var paddle = new ReduceOnPlateau(1.0, factor: 0.5, patience: 1, cooldown: 2).CreateScheduler();
        var paddleLrs = new List<double> { paddle.LastLR };
        foreach (var m in metrics)
        {
            paddle.Step(m);
            paddleLrs.Add(paddle.LastLR);
        }

        torch.ShouldBe([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
        paddleLrs.ShouldBe([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]);
    }

    [Fact]
    public void Step_DuringCooldown_RecordsBestAndResetsTheBadEpochs()
    {
        var scheduler = new TorchReduceLROnPlateau(1.0, factor: 0.1, patience: 1, cooldown: 2).CreateScheduler();
        scheduler.Step(5.0);
        scheduler.Step(5.0);
        scheduler.Step(5.0);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.1);
        scheduler.CooldownCounter.ShouldBe(2);

        scheduler.Step(0.1); // evaluated: a new best, then the cooldown counts down
        scheduler.Best.ShouldBe(0.1);
        scheduler.CooldownCounter.ShouldBe(1);
        scheduler.NumBadEpochs.ShouldBe(0);

        scheduler.Step(7.0); // evaluated: bad, then reset by the cooldown
        scheduler.CooldownCounter.ShouldBe(0);
        scheduler.NumBadEpochs.ShouldBe(0);
        scheduler.Best.ShouldBe(0.1);

        scheduler.Step(7.0); // bad 1
        scheduler.NumBadEpochs.ShouldBe(1);
        Tolerance.ShouldMatch(scheduler.LastLR, 0.1);
        scheduler.Step(7.0); // bad 2 > 1 → cut
        Tolerance.ShouldMatch(scheduler.LastLR, 0.1 * 0.1);
    }

    [Fact]
    public void Step_PatienceZero_CutsOnEveryNonImprovingStep()
    {
        // inf → 1 is an improvement; 1 → bad → 0.5; 0.5 → improvement; 0.5 → bad → 0.25.
        Run(new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 0), 1.0, 1.0, 0.5, 0.5).ShouldBe([1, 1, 0.5, 0.5, 0.25]);
    }

    [Fact]
    public void Step_MinLrFloorsTheCut_AndEpsBlocksSmallCuts()
    {
        var scheduler = new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 0, minLr: 0.3).CreateScheduler();
        foreach (var expected in new[] { 1.0, 0.5, 0.3, 0.3 })
        {
            scheduler.Step(1.0);
            scheduler.LastLR.ShouldBe(expected);
        }

        // 2e-8 * 0.5 = 1e-8: the cut 1e-8 is not > eps 1e-8.
        Run(new TorchReduceLROnPlateau(2e-8, factor: 0.5, patience: 0), 1.0, 1.0).ShouldBe([2e-8, 2e-8, 2e-8]);
    }

    [Theory]
    [InlineData(PlateauMode.Min, ThresholdMode.Rel, 0.1, new[] { 10.0, 9.5, 8.95, 8.0 }, new[] { 1.0, 1.0, 0.5, 0.5, 0.5 })]
    [InlineData(PlateauMode.Min, ThresholdMode.Abs, 0.5, new[] { 10.0, 9.6, 9.4, 9.0 }, new[] { 1.0, 1.0, 0.5, 0.5, 0.25 })]
    [InlineData(PlateauMode.Max, ThresholdMode.Rel, 0.1, new[] { 10.0, 10.5, 11.05, 12.0, 12.2 }, new[] { 1.0, 1.0, 0.5, 0.5, 0.25, 0.25 })]
    [InlineData(PlateauMode.Max, ThresholdMode.Abs, 0.5, new[] { 10.0, 10.4, 10.6, 11.0 }, new[] { 1.0, 1.0, 0.5, 0.5, 0.25 })]
    public void Step_ThresholdModes_FollowPyTorchsComparisons(PlateauMode mode, ThresholdMode thresholdMode, double threshold, double[] metrics, double[] expected)
    {
        // patience 0, factor 0.5: the first metric beats ±inf; then every step that is no improvement cuts.
        // min/rel: m < best * 0.9: 9.5 (not < 9, cut), 8.95 (< 9), 8.0 (< 8.055).
        // min/abs: m < best - 0.5: 9.6 (not < 9.5, cut), 9.4 (< 9.5), 9.0 (not < 8.9, cut).
        // max/rel: m > best * 1.1: 10.5 (not > 11, cut), 11.05 (> 11), 12.0 (not > 12.155, cut), 12.2 (> 12.155).
        // max/abs: m > best + 0.5: 10.4 (not > 10.5, cut), 10.6 (> 10.5), 11.0 (not > 11.1, cut).
        Run(new TorchReduceLROnPlateau(1.0, mode, 0.5, 0, threshold, thresholdMode), metrics).ShouldBe(expected);
    }

    [Fact]
    public void Step_NonFiniteMetrics_AreNeverBest_AndCountAsBad()
    {
        var scheduler = new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 1).CreateScheduler();

        scheduler.Step(double.NaN);
        scheduler.Best.ShouldBeNull();
        scheduler.NumBadEpochs.ShouldBe(1);
        scheduler.Step(double.NegativeInfinity);
        scheduler.Best.ShouldBeNull();
        scheduler.LastLR.ShouldBe(0.5);
        scheduler.Step(3.0);
        scheduler.Best.ShouldBe(3.0);
        scheduler.Step(double.PositiveInfinity);
        scheduler.NumBadEpochs.ShouldBe(1);
    }

    [Fact]
    public void Step_NegativeFlatLossInRelativeMode_CountsAsImprovementForever()
    {
        // best * (1 - threshold) lies above best when best < 0, so -1 < -0.9999 every time (as in PyTorch and Paddle).
        Run(new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 0), -1, -1, -1, -1).ShouldAllBe(lr => lr == 1.0);
    }

    [Fact]
    public void Step_RelativeThresholdOfOneInMinMode_NeverImproves_AsInPyTorch()
    {
        // best starts at inf and inf * (1 - 1) is NaN: no metric is ever better, so every step is bad.
        var scheduler = new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 0, threshold: 1.0).CreateScheduler();

        scheduler.Step(1.0);
        scheduler.Best.ShouldBeNull();
        scheduler.LastLR.ShouldBe(0.5);
    }

    [Fact]
    public void IsBetter_UsesPyTorchsArithmetic()
    {
        var min = new TorchReduceLROnPlateau(1.0, threshold: 0.1);
        var max = new TorchReduceLROnPlateau(1.0, PlateauMode.Max, threshold: 0.1);

        min.IsBetter(8.99, 10).ShouldBeTrue();
        min.IsBetter(9.0, 10).ShouldBe(9.0 < 10 * (1.0 - 0.1));
        min.IsBetter(5, double.PositiveInfinity).ShouldBeTrue();
        min.IsBetter(double.NaN, 10).ShouldBeFalse();
        min.IsBetter(double.NegativeInfinity, 10).ShouldBeFalse();
        max.IsBetter(11.01, 10).ShouldBeTrue();
        max.IsBetter(11.0, 10).ShouldBe(11.0 > 10 * (0.1 + 1.0));
        max.IsBetter(-5, double.NegativeInfinity).ShouldBeTrue();
    }

    [Fact]
    public void Scheduler_StartsAtTheLr_WithoutStepping()
    {
        var scheduler = new TorchReduceLROnPlateau(0.1).CreateScheduler();

        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.1);
        scheduler.LastMomentum.ShouldBeNull();
        scheduler.Best.ShouldBeNull();
        new TorchReduceLROnPlateau(0.1).CreateScheduler(lastEpoch: 4).LastEpoch.ShouldBe(5);
        ShouldRefuse<ArgumentOutOfRangeException>(() => new TorchReduceLROnPlateau(0.1).CreateScheduler(lastEpoch: -2), "lastEpoch");
    }

    [Fact]
    public void Scheduler_WithoutAMetric_IsRefused()
    {
        var scheduler = new TorchReduceLROnPlateau(0.1).CreateScheduler();

        Should.Throw<InvalidOperationException>(() => scheduler.Step()).Message.ShouldContain("Step(metric)");
        Should.Throw<InvalidOperationException>(() => ((LRScheduler)scheduler).Step(3L));
        ShouldRefuse<ArgumentOutOfRangeException>(() => scheduler.Step(1.0, -1), "epoch");
        scheduler.Step(1.0, 7);
        scheduler.LastEpoch.ShouldBe(7);
    }

    [Fact]
    public void State_RoundTrips_AndResumesExactly()
    {
        var definition = new TorchReduceLROnPlateau(1.0, factor: 0.5, patience: 1, cooldown: 2);
        double[] metrics = [10, 10, 10, 5, 10, 8, 9, 9, 7, 7, 7, 7];
        var whole = definition.CreateScheduler();
        var first = definition.CreateScheduler();
        foreach (var m in metrics)
        {
            whole.Step(m);
        }

        foreach (var m in metrics[..4])
        {
            first.Step(m);
        }

        var state = first.SaveState();
        state.ShouldContain("\"spec\":\"torch.ReduceLROnPlateau(lr=1.0, factor=0.5, patience=1, cooldown=2)\"");
        state.ShouldContain("\"best\":5");
        var restored = (TorchReduceLROnPlateauScheduler)LRScheduler.Restore(state);
        foreach (var m in metrics[4..])
        {
            restored.Step(m);
        }

        restored.LastLR.ShouldBe(whole.LastLR);
        restored.LastEpoch.ShouldBe(whole.LastEpoch);
        restored.Best.ShouldBe(whole.Best);
        restored.NumBadEpochs.ShouldBe(whole.NumBadEpochs);
        restored.CooldownCounter.ShouldBe(whole.CooldownCounter);
    }

    [Fact]
    public void State_BeforeAnyMetric_SavesBestAsNull()
    {
        var scheduler = new TorchReduceLROnPlateau(0.1).CreateScheduler();

        var state = scheduler.SaveState();

        state.ShouldContain("\"best\":null");
        ((TorchReduceLROnPlateauScheduler)LRScheduler.Restore(state)).Best.ShouldBeNull();
    }

    [Fact]
    public void State_Inconsistent_IsRefusedAndChangesNothing()
    {
        var scheduler = new TorchReduceLROnPlateau(1.0, cooldown: 2).CreateScheduler();
        var state = scheduler.SaveState().Replace("\"cooldown_counter\":0", "\"cooldown_counter\":3", StringComparison.Ordinal);

        Should.Throw<ArgumentException>(() => scheduler.LoadState(state)).Message.ShouldContain("cooldown_counter = 3 (cooldown is 2)");
        scheduler.CooldownCounter.ShouldBe(0);
        Should.Throw<ArgumentException>(() => scheduler.LoadState(new ReduceOnPlateau(1.0, cooldown: 2).CreateScheduler().SaveState()))
            .Message.ShouldContain("the state is for ReduceOnPlateau");
    }

    // ---- refused inputs ----

    [Theory]
    [InlineData("factor", 1.0, "1.0", "must be < 1.0")]
    [InlineData("factor", double.NaN, "nan", "must be a finite number")]
    [InlineData("factor", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("threshold", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("threshold", double.NaN, "nan", "must be a finite number")]
    [InlineData("minLr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("minLr", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("eps", -1e-8, "-1e-08", "must be >= 0")]
    [InlineData("eps", double.NaN, "nan", "must be a finite number")]
    [InlineData("lr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("lr", double.NaN, "nan", "must be a finite number")]
    [InlineData("lr", double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadReal_IsRefused(string param, double value, string shown, string rule)
        => ShouldRefuseValue(
            () => _ = new TorchReduceLROnPlateau(
                param == "lr" ? value : 0.1,
                factor: param == "factor" ? value : 0.1,
                threshold: param == "threshold" ? value : 1e-4,
                minLr: param == "minLr" ? value : 0.0,
                eps: param == "eps" ? value : 1e-8),
            param,
            shown,
            rule);

    [Fact]
    public void Create_FactorBelowOne_AndZero_AreAccepted()
    {
        Run(new TorchReduceLROnPlateau(1.0, factor: Math.BitDecrement(1.0), patience: 0, eps: 0), 1, 1)[2].ShouldBe(Math.BitDecrement(1.0));
        Run(new TorchReduceLROnPlateau(1.0, factor: 0.0, patience: 0, minLr: 0.01), 1, 1)[2].ShouldBe(0.01);
    }

    [Fact]
    public void Create_BadCounts_AreRefused()
    {
        ShouldRefuseValue(() => new TorchReduceLROnPlateau(0.1, patience: -1), "patience", "-1", "must be an integer >= 0");
        ShouldRefuseValue(() => new TorchReduceLROnPlateau(0.1, cooldown: -1), "cooldown", "-1", "must be an integer >= 0");
        ShouldRefuseValue(() => new TorchReduceLROnPlateau(0.1, (PlateauMode)5), "mode", "5", "must be Min or Max");
        ShouldRefuseValue(() => new TorchReduceLROnPlateau(0.1, thresholdMode: (ThresholdMode)5), "thresholdMode", "5", "must be Rel or Abs");
    }

    // ---- spec ----

    [Theory]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1)")]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1, mode='max', factor=0.5, patience=3, threshold=0.01, threshold_mode='abs', cooldown=2, min_lr=0.001, eps=0.0)")]
    public void Spec_RoundTripsThroughTextAndJson(string text)
    {
        var definition = ScheduleSpec.Parse(text).ShouldBeOfType<TorchReduceLROnPlateau>();

        definition.ToString().ShouldBe(text);
        ScheduleSpec.FromJson(definition.ToJson()).ShouldBe(definition);
        TorchReduceLROnPlateau.Parse(text).ShouldBe(definition);
    }

    [Fact]
    public void Spec_IsNotAPureSchedule()
    {
        Should.Throw<SpecException>(() => Schedule.Parse("torch.ReduceLROnPlateau(lr=0.1)")).Message.ShouldContain("driven by metrics");
        Should.Throw<SpecException>(() => TorchReduceLROnPlateau.Parse("torch.StepLR(lr=0.1, step_size=2)"));
    }

    [Theory]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1, patience=2.0)", "patience", "expected an integer literal")]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1, factor=1.0)", "factor", "factor = 1.0 must be < 1.0")]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1, mode='minimum')", "mode", "expected one of 'min', 'max'")]
    [InlineData("torch.ReduceLROnPlateau(lr=0.1, epsilon=1e-8)", "epsilon", "unknown parameter 'epsilon' of torch.ReduceLROnPlateau")]
    public void Spec_RefusedValues_NameTheSpecParameter(string text, string parameter, string fragment)
        => SpecShouldRefuse(text, parameter, fragment);

    private static double[] Run(TorchReduceLROnPlateau definition, params double[] metrics)
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
}
