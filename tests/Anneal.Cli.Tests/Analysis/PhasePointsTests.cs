using Anneal.Cli.Analysis;
using Anneal.Cli.Plotting;

namespace Anneal.Cli.Tests.Analysis;

public class PhasePointsTests
{
    [Theory]
    [InlineData("StepDecay(learning_rate=0.1, step_size=30)", 100, new long[] { 30, 60, 90 })]
    [InlineData("torch.StepLR(lr=0.1, step_size=25)", 100, new long[] { 25, 50, 75, 100 })]
    [InlineData("MultiStepDecay(learning_rate=0.1, milestones=[30, 80, 120])", 100, new long[] { 30, 80 })]
    [InlineData("torch.MultiStepLR(lr=0.1, milestones=[10, 10, 40])", 100, new long[] { 10, 40 })]
    [InlineData("PiecewiseDecay(boundaries=[3, 6, 9], values=[0.1, 0.2, 0.3, 0.4])", 10, new long[] { 3, 6, 9 })]
    [InlineData("LinearWarmup(learning_rate=0.1, warmup_steps=10, start_lr=0.0, end_lr=0.1)", 20, new long[] { 10 })]
    [InlineData("Warmup(learning_rate=StepDecay(learning_rate=0.1, step_size=30), warmup_steps=10)", 100, new long[] { 10, 40, 70, 100 })]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=100)", 100, new long[] { 29, 99, 100 })]
    [InlineData("OneCycleLR(max_learning_rate=0.1, total_steps=100, three_phase=True)", 100, new long[] { 29, 58, 99, 100 })]
    [InlineData("torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=50, pct_start=0.2)", 50, new long[] { 9, 49, 50 })]
    [InlineData("CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=10, T_mult=2)", 100, new long[] { 10, 30, 70 })]
    [InlineData("torch.CosineAnnealingWarmRestarts(lr=0.1, T_0=25)", 100, new long[] { 25, 50, 75, 100 })]
    [InlineData("CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=10, step_size_down=5)", 40, new long[] { 10, 15, 25, 30, 40 })]
    [InlineData("CosineAnnealingDecay(learning_rate=0.1, T_max=40)", 100, new long[] { 40, 80 })]
    [InlineData("PolynomialDecay(learning_rate=0.1, decay_steps=40)", 100, new long[] { 40 })]
    [InlineData("PolynomialDecay(learning_rate=0.1, decay_steps=40, cycle=True)", 100, new long[] { 40, 80 })]
    [InlineData("LinearLR(learning_rate=0.1, total_steps=20)", 50, new long[] { 20 })]
    [InlineData("NoamDecay(d_model=512, warmup_steps=40)", 100, new long[] { 40 })]
    [InlineData("CosineDecay(initial_learning_rate=0.0, decay_steps=80, warmup_target=0.1, warmup_steps=10)", 100, new long[] { 10, 90 })]
    [InlineData("CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, t_mul=2.0)", 100, new long[] { 10, 30, 70 })]
    [InlineData("TimmCosine(learning_rate=0.1, t_initial=30, cycle_limit=3, warmup_t=5, warmup_prefix=True)", 100, new long[] { 5, 35, 65, 95 })]
    [InlineData("WarmupStableDecay(learning_rate=0.1, warmup_steps=10, stable_steps=60, decay_steps=20)", 100, new long[] { 10, 70, 90 })]
    [InlineData("Sequence(schedules=[LinearLR(learning_rate=0.1, total_steps=10, start_factor=0.1), StepDecay(learning_rate=0.1, step_size=30)], milestones=[10])", 100, new long[] { 10, 40, 70, 100 })]
    [InlineData("Sequence(schedules=[StepDecay(learning_rate=0.1, step_size=4), Constant(learning_rate=0.01)], milestones=[10])", 20, new long[] { 4, 8, 10 })]
    [InlineData("ExponentialDecay(learning_rate=0.1, gamma=0.9)", 100, new long[0])]
    [InlineData("Clamp(learning_rate=StepDecay(learning_rate=0.1, step_size=30), min_lr=0.001)", 100, new long[] { 30, 60, 90 })]
    public void KnownSchedules_PhaseChangesComeFromTheirParameters(string spec, long steps, long[] expected)
    {
        // Given
        var series = Evaluate(spec, steps);

        // When
        var points = PhasePoints.Find(series.Definition, series.Lr);

        // Then
        points.Select(p => p.Step).ShouldBe(expected);
    }

    [Fact]
    public void UnknownShape_JumpsAndTurnsAreReadFromTheValues()
    {
        // Given: a lambda the analysis cannot read, with a jump at 30, a ramp from 50 to 60, then flat
        var series = Evaluate("LambdaDecay(learning_rate=1.0, lr_lambda='1.0 if epoch < 30 else (0.5 if epoch < 50 else max(0.1, 0.5 - (epoch - 50) * 0.04))')", 100);

        // When
        var points = PhasePoints.Find(series.Definition, series.Lr);

        // Then
        points.ShouldBe([new PhasePoint(30, "jumps down"), new PhasePoint(50, "starts to change"), new PhasePoint(60, "levels off")]);
    }

    [Fact]
    public void Plateau_CutsAreTheStepsWhereTheRateFalls()
    {
        // Given
        var definition = ScheduleSpec.Parse("ReduceOnPlateau(learning_rate=0.1, factor=0.5, patience=1)");
        var metrics = new[] { 1, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8 };
        var series = SeriesEvaluator.Evaluate(new LabeledSpec("p", definition, false), 0, false, metrics, [], CancellationToken.None);

        // When
        var points = PhasePoints.Find(definition, series.Lr);

        // Then
        points.ShouldBe([new PhasePoint(4, "cut on plateau: ×0.5"), new PhasePoint(7, "cut on plateau: ×0.5")]);
    }

    [Fact]
    public void Labels_SayWhatHappens()
    {
        // Given
        var series = Evaluate("Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=45), warmup_steps=10)", 100);

        // When
        var points = PhasePoints.Find(series.Definition, series.Lr);

        // Then
        points.ShouldBe([new PhasePoint(10, "warmup ends"), new PhasePoint(55, "T_max: eta_min, rises again"), new PhasePoint(100, "2·T_max: back at the start")]);
    }

    private static ScheduleSeries Evaluate(string spec, long steps)
        => SeriesEvaluator.Evaluate(new LabeledSpec("s", ScheduleSpec.Parse(spec), false), steps, false, null, [], CancellationToken.None);
}
