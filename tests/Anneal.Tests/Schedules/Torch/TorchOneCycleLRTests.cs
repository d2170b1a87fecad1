using Anneal.Tests.TestSupport;
using static Anneal.Tests.Schedules.Torch.TorchChecks;

namespace Anneal.Tests.Schedules.Torch;

public class TorchOneCycleLRTests
{
    private static TorchOneCycleLR DocumentedExample() => new(
        1.0, maxLr: 25, totalSteps: 10, divFactor: 25, finalDivFactor: 2, annealStrategy: AnnealStrategy.Linear);

    [Fact]
    public void At_PyTorchDocumentedExample_Linear()
    {
        // Initial lr 25 / 25 = 1, min lr 1 / 2 = 0.5; the rise ends at 0.3 * 10 - 1 = 2, the fall at 9.
        ShouldFollow(DocumentedExample(), [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5]);
    }

    [Fact]
    public void MomentumAt_PyTorchDocumentedExample_Linear()
    {
        // Phase 1 (steps 0..2): max_momentum 0.95 → base_momentum 0.85, i.e. (0.85 - 0.95) * pct + 0.95 with pct = s / 2.
        // Phase 2 (steps 2..9): 0.85 → 0.95, i.e. (0.95 - 0.85) * pct + 0.85 with pct = (s - 2) / 7.
        var schedule = DocumentedExample();
        double[] expected =
        [
            0.95, 0.90, 0.85,
            0.85 + (0.1 * 1 / 7), 0.85 + (0.1 * 2 / 7), 0.85 + (0.1 * 3 / 7), 0.85 + (0.1 * 4 / 7),
            0.85 + (0.1 * 5 / 7), 0.85 + (0.1 * 6 / 7), 0.95,
        ];

        schedule.CyclesMomentum.ShouldBeTrue();
        for (var s = 0; s < expected.Length; s++)
        {
            Tolerance.ShouldMatch(schedule.MomentumAt(s), expected[s], $"step {s}");
        }
    }

    [Fact]
    public void AtTotalSteps_ExtrapolatesTheLastPhase_AndLaterStepsAreRefused()
    {
        var schedule = DocumentedExample();

        // pct = (10 - 2) / 7 = 8/7.
        Tolerance.ShouldMatch(schedule.At(10), ((0.5 - 25) * (8.0 / 7)) + 25);
        Tolerance.ShouldMatch(schedule.At(10), -3.0);
        Tolerance.ShouldMatch(schedule.MomentumAt(10), ((0.95 - 0.85) * (8.0 / 7)) + 0.85);
        ShouldRefuse<ArgumentOutOfRangeException>(() => schedule.At(11), "step", "step = 11", "must be <= total_steps = 10");
        ShouldRefuse<ArgumentOutOfRangeException>(() => schedule.MomentumAt(11), "step", "step = 11", "must be <= total_steps = 10");
        ShouldRefuse<ArgumentOutOfRangeException>(() => schedule.At(-1), "step");
    }

    [Theory]
    [InlineData(100L, 0.3, AnnealStrategy.Cos, false)]
    [InlineData(37L, 0.27, AnnealStrategy.Cos, true)]
    [InlineData(37L, 0.27, AnnealStrategy.Linear, true)]
    [InlineData(10L, 0.5, AnnealStrategy.Linear, true)]
    [InlineData(10L, 0.6, AnnealStrategy.Cos, true)]
    [InlineData(20L, 0.0, AnnealStrategy.Cos, false)]
    [InlineData(7L, 0.25, AnnealStrategy.Linear, false)]
    public void AtAndMomentumAt_FollowPyTorchsPhaseTable(long total, double pct, AnnealStrategy strategy, bool threePhase)
    {
        var schedule = new TorchOneCycleLR(0.1, 2.0, total, pctStart: pct, annealStrategy: strategy, divFactor: 4, finalDivFactor: 100, threePhase: threePhase);

        for (var s = 0L; s <= total; s++)
        {
            var (lr, momentum) = Reference(2.0, total, pct, strategy, 0.85, 0.95, 4, 100, threePhase, s);
            Tolerance.ShouldMatch(schedule.At(s), lr, $"lr at {s}");
            Tolerance.ShouldMatch(schedule.MomentumAt(s), momentum, $"momentum at {s}");
        }
    }

    [Fact]
    public void At_ThreePhaseWithPctStartHalf_IsAcceptedAsInPyTorch()
    {
        // Paddle refuses pct >= 0.5 with three phases; PyTorch does not. T = 10, p = 0.5: phases end at 4, 8, 9.
        var schedule = new TorchOneCycleLR(0.1, 1.0, 10, pctStart: 0.5, annealStrategy: AnnealStrategy.Linear, divFactor: 10, finalDivFactor: 10, threePhase: true);

        ShouldFollow(schedule, [0.1, 0.325, 0.55, 0.775, 1.0, 0.775, 0.55, 0.325, 0.1, 0.01]);
        Tolerance.ShouldMatch(schedule.MomentumAt(4), 0.85);
        Tolerance.ShouldMatch(schedule.MomentumAt(8), 0.95);
        Tolerance.ShouldMatch(schedule.MomentumAt(9), 0.95);
    }

    [Fact]
    public void EpochsTimesStepsPerEpoch_GiveTheCycleLength()
    {
        var byEpochs = new TorchOneCycleLR(0.1, 1.0, epochs: 4, stepsPerEpoch: 25);
        var byTotal = new TorchOneCycleLR(0.1, 1.0, totalSteps: 100);

        byEpochs.TotalSteps.ShouldBe(100);
        byEpochs.Epochs.ShouldBe(4);
        byEpochs.StepsPerEpoch.ShouldBe(25);
        for (var s = 0; s <= 100; s++)
        {
            byEpochs.At(s).ShouldBe(byTotal.At(s));
            byEpochs.MomentumAt(s).ShouldBe(byTotal.MomentumAt(s));
        }

        Should.Throw<ArgumentOutOfRangeException>(() => byEpochs.At(101));
    }

    [Fact]
    public void Defaults_AreTorchs()
    {
        var schedule = new TorchOneCycleLR(0.1, 1.0, 100);

        schedule.PctStart.ShouldBe(0.3);
        schedule.AnnealStrategy.ShouldBe(AnnealStrategy.Cos);
        schedule.CycleMomentum.ShouldBeTrue();
        schedule.BaseMomentum.ShouldBe(0.85);
        schedule.MaxMomentum.ShouldBe(0.95);
        schedule.DivFactor.ShouldBe(25.0);
        schedule.FinalDivFactor.ShouldBe(1e4);
        schedule.ThreePhase.ShouldBeFalse();
        schedule.InitialLr.ShouldBe(1.0 / 25);
        schedule.MinLr.ShouldBe(1.0 / 25 / 1e4);
        Tolerance.ShouldMatch(schedule.At(0), 0.04);
        Tolerance.ShouldMatch(schedule.At(29), 1.0);
        Tolerance.ShouldMatch(schedule.At(99), 0.04 / 1e4);
    }

    [Fact]
    public void At_LrParameter_DoesNotChangeTheValues()
        => new TorchOneCycleLR(0.5, 1.0, 50).At(7).ShouldBe(new TorchOneCycleLR(3.0, 1.0, 50).At(7));

    [Fact]
    public void CycleMomentumFalse_HasNoMomentum()
    {
        var schedule = new TorchOneCycleLR(0.1, 1.0, 10, cycleMomentum: false);

        schedule.CyclesMomentum.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => schedule.MomentumAt(0));
        schedule.CreateScheduler().LastMomentum.ShouldBeNull();
    }

    // ---- the cycle length ----

    [Fact]
    public void Create_NoCycleLength_IsRefused()
        => ShouldRefuse<ArgumentException>(() => new TorchOneCycleLR(0.1, 1.0), "totalSteps", "totalSteps = None", "give total_steps, or epochs and steps_per_epoch");

    [Fact]
    public void Create_CycleLengthGivenBothWays_IsRefused()
    {
        ShouldRefuse<ArgumentException>(() => new TorchOneCycleLR(0.1, 1.0, 100, epochs: 4, stepsPerEpoch: 25), "epochs", "epochs = 4", "must be None when total_steps = 100 is given");
        ShouldRefuse<ArgumentException>(() => new TorchOneCycleLR(0.1, 1.0, 100, stepsPerEpoch: 25), "stepsPerEpoch", "stepsPerEpoch = 25", "must be None when total_steps = 100 is given");
    }

    [Fact]
    public void Create_HalfOfEpochsTimesStepsPerEpoch_IsRefused()
    {
        ShouldRefuse<ArgumentException>(() => new TorchOneCycleLR(0.1, 1.0, epochs: 4), "stepsPerEpoch", "stepsPerEpoch = None", "must be given with epochs = 4");
        ShouldRefuse<ArgumentException>(() => new TorchOneCycleLR(0.1, 1.0, stepsPerEpoch: 25), "epochs", "epochs = None", "must be given with steps_per_epoch = 25");
    }

    [Theory]
    [InlineData(0L, null, null, "totalSteps", "0")]
    [InlineData(-1L, null, null, "totalSteps", "-1")]
    [InlineData(null, 0L, 25L, "epochs", "0")]
    [InlineData(null, 4L, -25L, "stepsPerEpoch", "-25")]
    public void Create_CycleLengthNotPositive_IsRefused(long? totalSteps, long? epochs, long? stepsPerEpoch, string param, string shown)
        => ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, totalSteps, epochs, stepsPerEpoch), param, shown, "must be an integer > 0");

    [Fact]
    public void Create_EpochsTimesStepsPerEpochOverflowing_IsRefused()
        => ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, epochs: 1L << 32, stepsPerEpoch: 1L << 32), "stepsPerEpoch", "4294967296", "overflow");

    // ---- other refused inputs ----

    [Theory]
    [InlineData(-5e-324, "-5e-324", "must be in [0.0, 1.0]")]
    [InlineData(1.0000000000000002, "1.0000000000000002", "must be in [0.0, 1.0]")]
    [InlineData(double.NaN, "nan", "must be a finite number")]
    [InlineData(double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData(double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_PctStartOutsideZeroOne_IsRefused(double value, string shown, string rule)
        => ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, 10, pctStart: value), "pctStart", shown, rule);

    [Theory]
    [InlineData(0.1, 10L, false)]
    [InlineData(0.25, 4L, true)]
    public void Create_FirstPhaseOfLengthZero_IsRefused(double pct, long total, bool threePhase)
    {
        (pct * total).ShouldBe(1.0);

        ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, total, pctStart: pct, threePhase: threePhase), "pctStart", Shown(pct), "pct_start * total_steps = 1");
    }

    [Fact]
    public void Create_PctStartOne_LeavesNoAnnealingPhase_IsRefused()
        => ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, 10, pctStart: 1.0), "pctStart", "1.0", "leaves a later phase with length 0");

    [Fact]
    public void Create_ThreePhaseWithAnEmptyLastPhase_IsRefused()
    {
        // 2 * p * T - 2 == T - 1: the third phase has length 0 and PyTorch divides by zero at step T.
        const double pct = 2.0 / 3;
        ((2 * pct * 3) - 2).ShouldBe(3 - 1);

        ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, 3, pctStart: pct, threePhase: true), "pctStart", Shown(pct), "leaves a later phase with length 0");
    }

    [Fact]
    public void Create_PctStartBoundaries_AreAccepted()
    {
        double.IsFinite(new TorchOneCycleLR(0.1, 1.0, 10, pctStart: 0.0).At(10)).ShouldBeTrue();
        double.IsFinite(new TorchOneCycleLR(0.1, 1.0, 10, pctStart: Math.BitDecrement(1.0)).At(10)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("divFactor", 0.0, "0.0", "must be > 0")]
    [InlineData("divFactor", -25.0, "-25.0", "must be > 0")]
    [InlineData("divFactor", double.NaN, "nan", "must be a finite number")]
    [InlineData("divFactor", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("divFactor", 5e-324, "5e-324", "max_lr / div_factor overflows")]
    [InlineData("finalDivFactor", 0.0, "0.0", "must be > 0")]
    [InlineData("finalDivFactor", -1.0, "-1.0", "must be > 0")]
    [InlineData("finalDivFactor", double.NaN, "nan", "must be a finite number")]
    [InlineData("finalDivFactor", double.NegativeInfinity, "-inf", "must be a finite number")]
    [InlineData("finalDivFactor", 5e-324, "5e-324", "final_div_factor overflows")]
    [InlineData("maxLr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("maxLr", double.NaN, "nan", "must be a finite number")]
    [InlineData("maxLr", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("baseMomentum", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("baseMomentum", double.NaN, "nan", "must be a finite number")]
    [InlineData("maxMomentum", -1.0, "-1.0", "must be >= 0")]
    [InlineData("maxMomentum", double.PositiveInfinity, "inf", "must be a finite number")]
    [InlineData("lr", -5e-324, "-5e-324", "must be >= 0")]
    [InlineData("lr", double.NaN, "nan", "must be a finite number")]
    [InlineData("lr", double.NegativeInfinity, "-inf", "must be a finite number")]
    public void Create_BadReal_IsRefused(string param, double value, string shown, string rule)
        => ShouldRefuseValue(
            () => _ = new TorchOneCycleLR(
                param == "lr" ? value : 0.1,
                param == "maxLr" ? value : 1.0,
                10,
                baseMomentum: param == "baseMomentum" ? value : 0.85,
                maxMomentum: param == "maxMomentum" ? value : 0.95,
                divFactor: param == "divFactor" ? value : 1.0,
                finalDivFactor: param == "finalDivFactor" ? value : 1e4),
            param,
            shown,
            rule);

    [Fact]
    public void Create_UndefinedAnnealStrategy_IsRefused()
        => ShouldRefuseValue(() => new TorchOneCycleLR(0.1, 1.0, 10, annealStrategy: (AnnealStrategy)7), "annealStrategy", "7", "must be Cos or Linear");

    // ---- spec ----

    [Fact]
    public void Spec_RoundTrips()
    {
        ShouldRoundTrip(new TorchOneCycleLR(0.05, 0.1, 100), "torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=100)", steps: 100);
        ShouldRoundTrip(new TorchOneCycleLR(0.05, 0.1, epochs: 10, stepsPerEpoch: 5), "torch.OneCycleLR(lr=0.05, max_lr=0.1, epochs=10, steps_per_epoch=5)", steps: 50);
        ShouldRoundTrip(
            new TorchOneCycleLR(1.0, 25, 10, pctStart: 0.5, annealStrategy: AnnealStrategy.Linear, cycleMomentum: false, baseMomentum: 0.8, maxMomentum: 0.9, divFactor: 10, finalDivFactor: 2, threePhase: true),
            "torch.OneCycleLR(lr=1.0, max_lr=25.0, total_steps=10, pct_start=0.5, anneal_strategy='linear', cycle_momentum=False, base_momentum=0.8, max_momentum=0.9, div_factor=10.0, final_div_factor=2.0, three_phase=True)",
            steps: 10);
        new TorchOneCycleLR(0.05, 0.1, 100).ToJson().ShouldBe("{\"type\":\"torch.OneCycleLR\",\"lr\":0.05,\"max_lr\":0.1,\"total_steps\":100}");
    }

    [Fact]
    public void Spec_RefusedValues_NameTheSpecParameter()
    {
        IntegerGivenAFloatShouldBeRefused("torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=100.0)", "total_steps");
        IntegerGivenAFloatShouldBeRefused("torch.OneCycleLR(lr=0.05, max_lr=0.1, epochs=2.0, steps_per_epoch=5)", "epochs");
        SpecShouldRefuse("torch.OneCycleLR(lr=0.05, max_lr=0.1)", "total_steps", "total_steps = None needs a value");
        SpecShouldRefuse("torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=100, epochs=2)", "epochs", "must be None when total_steps = 100 is given");
        SpecShouldRefuse("torch.OneCycleLR(lr=0.05, max_lr=0.1, epochs=2)", "steps_per_epoch", "must be given with epochs = 2");
        SpecShouldRefuse("torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=10, pct_start=0.1)", "pct_start", "pct_start * total_steps = 1");
        SpecShouldRefuse("torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=10, anneal_strategy='cosine')", "anneal_strategy", "expected one of 'cos', 'linear'");
    }

    // ---- scheduler ----

    [Fact]
    public void Scheduler_ReportsTheMomentum_AndRefusesToPassTheEnd()
    {
        var schedule = DocumentedExample();
        SchedulerShouldFollow(schedule, 10);

        var scheduler = schedule.CreateScheduler(lastEpoch: 9);
        scheduler.LastLR.ShouldBe(schedule.At(10));
        scheduler.LastMomentum.ShouldBe(schedule.MomentumAt(10));
        Should.Throw<InvalidOperationException>(() => scheduler.Step());
        scheduler.LastEpoch.ShouldBe(10);
    }

    private static string Shown(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>torch's OneCycleLR.get_lr written out for one param group: its phase table and loop.</summary>
    private static (double Lr, double Momentum) Reference(
        double maxLr, long total, double pct, AnnealStrategy strategy, double baseMomentum, double maxMomentum, double div, double finalDiv, bool threePhase, long step)
    {
        var initial = maxLr / div;
        var min = initial / finalDiv;
        (double End, double Lr0, double Lr1, double M0, double M1)[] phases = threePhase
            ?
            [
                ((pct * total) - 1, initial, maxLr, maxMomentum, baseMomentum),
                ((2 * pct * total) - 2, maxLr, initial, baseMomentum, maxMomentum),
                (total - 1, initial, min, maxMomentum, maxMomentum),
            ]
            :
            [
                ((pct * total) - 1, initial, maxLr, maxMomentum, baseMomentum),
                (total - 1, maxLr, min, baseMomentum, maxMomentum),
            ];

        var start = 0.0;
        for (var i = 0; i < phases.Length; i++)
        {
            var phase = phases[i];
            if (step <= phase.End || i == phases.Length - 1)
            {
                var p = (step - start) / (phase.End - start);
                return (Anneal(phase.Lr0, phase.Lr1, p), Anneal(phase.M0, phase.M1, p));
            }

            start = phase.End;
        }

        throw new InvalidOperationException("unreachable");

        double Anneal(double from, double to, double p) => strategy == AnnealStrategy.Cos
            ? to + ((from - to) / 2.0 * (Math.Cos(Math.PI * p) + 1))
            : ((to - from) * p) + from;
    }
}
