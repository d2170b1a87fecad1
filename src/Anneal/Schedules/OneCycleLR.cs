using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The 1cycle policy: up from <c>max_learning_rate / divide_factor</c> to <c>max_learning_rate</c>, then down to
/// <c>end_learning_rate</c> (optionally back to the initial rate first), over <c>total_steps</c> (Paddle
/// <c>paddle.optimizer.lr.OneCycleLR</c>, PyTorch <c>OneCycleLR</c> with <c>final_div_factor</c> replaced by an
/// absolute end rate). Meant to be stepped per batch. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>T = total_steps</c>, <c>p = phase_pct</c>, <c>I = max_learning_rate / divide_factor</c>,
/// <c>M = max_learning_rate</c> and <c>m = end_learning_rate</c>, the phases are (end step, start rate → end rate):
/// two-phase <c>(p*T - 1, I → M)</c>, <c>(T - 1, M → m)</c>; three-phase <c>(p*T - 1, I → M)</c>,
/// <c>(2*p*T - 2, M → I)</c>, <c>(T - 1, I → m)</c>. Each phase starts where the previous one ended (the first at 0).
/// Step <c>s</c> belongs to the first phase with <c>s &lt;= end</c> (the ends may be fractional) and the last phase
/// takes every later step. With <c>pct = (s - start) / (end - start)</c>, the rate is
/// <c>end + (start - end) / 2.0 * (cos(pi * pct) + 1)</c> (<see cref="Anneal.AnnealStrategy.Cos"/>) or
/// <c>(end - start) * pct + start</c> (<see cref="Anneal.AnnealStrategy.Linear"/>), in Paddle's order of
/// operations.</para>
/// <para>As in Paddle and PyTorch, step <c>T</c> itself is allowed and extrapolates the last phase past its end:
/// the cosine rises again and the linear form goes below <c>m</c>, possibly below zero (-0.1428... for
/// <c>M = 1</c>, <c>m = 0</c>, <c>T = 10</c>, linear). Steps after <c>T</c> are refused.</para>
/// <para>Refused at construction, where Paddle divides by zero later: a phase of length 0, that is
/// <c>phase_pct * total_steps == 1</c> (Paddle fails at step 0) or, without three phases,
/// <c>phase_pct * total_steps == total_steps</c> (<c>phase_pct = 1</c>; Paddle fails at step <c>total_steps</c>);
/// <c>divide_factor = 0</c>, and a <c>divide_factor</c> so small that the initial rate overflows.</para>
/// <para>PyTorch: <c>OneCycleLR(max_lr=M, total_steps=T, pct_start=p, div_factor=d, final_div_factor=f)</c> is
/// this schedule with <c>end_learning_rate = M / d / f</c>; PyTorch also cycles momentum (see
/// <see cref="TorchOneCycleLR"/>).</para>
/// <para>Spec: <c>OneCycleLR(max_learning_rate, total_steps, divide_factor=25.0, end_learning_rate=0.0001,
/// phase_pct=0.3, anneal_strategy='cos', three_phase=False)</c>.</para>
/// </remarks>
/// <example>
/// <c>new OneCycleLR(25, totalSteps: 10, divideFactor: 25, endLearningRate: 0.5, annealStrategy: AnnealStrategy.Linear)</c>
/// gives 1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5 (PyTorch's documented example) and -3 at step 10.
/// <c>new OneCycleLR(0.1, totalSteps: 100)</c> gives 0.0040000000000000036, 0.004281378056590748, 0.00512221332591585, ...
/// </example>
public sealed class OneCycleLR : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "OneCycleLR",
        [
            ParamSpec.Req("max_learning_rate", "maxLearningRate", ParamKind.Real),
            ParamSpec.Req("total_steps", "totalSteps", ParamKind.Integer),
            ParamSpec.Opt("divide_factor", "divideFactor", ParamKind.Real, 25.0),
            ParamSpec.Opt("end_learning_rate", "endLearningRate", ParamKind.Real, 0.0001),
            ParamSpec.Opt("phase_pct", "phasePct", ParamKind.Real, 0.3),
            ParamSpec.Opt("anneal_strategy", "annealStrategy", ParamKind.Text, "cos") with { Choices = ["cos", "linear"] },
            ParamSpec.Opt("three_phase", "threePhase", ParamKind.Boolean, false),
        ],
        a => new OneCycleLR(
            a.Real("max_learning_rate"),
            a.Integer("total_steps"),
            a.Real("divide_factor"),
            a.Real("end_learning_rate"),
            a.Real("phase_pct"),
            a.Text("anneal_strategy") == "linear" ? AnnealStrategy.Linear : AnnealStrategy.Cos,
            a.Boolean("three_phase")));

    // Phase i runs from rate _lrI to _lrI+1 (two-phase schedules use phases 0 and 1 only).
    private readonly OneCyclePhases _phases;
    private readonly double _lr0;
    private readonly double _lr1;
    private readonly double _lr2;
    private readonly double _lr3;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The peak learning rate (Paddle <c>max_learning_rate</c>, PyTorch <c>max_lr</c>), finite and ≥ 0.</param>
    /// <param name="totalSteps">The length of the cycle in steps (Paddle and PyTorch <c>total_steps</c>), &gt; 0. Step <c>totalSteps</c> is the last one allowed.</param>
    /// <param name="divideFactor">The initial rate is <c>maxLearningRate / divideFactor</c> (Paddle <c>divide_factor</c>, PyTorch <c>div_factor</c>), finite and &gt; 0. The default value is 25.</param>
    /// <param name="endLearningRate">The final learning rate, absolute (Paddle <c>end_learning_rate</c>), finite and ≥ 0. The default value is 0.0001.</param>
    /// <param name="phasePct">The fraction of <paramref name="totalSteps"/> spent rising (Paddle <c>phase_pct</c>, PyTorch <c>pct_start</c>), in [0, 1], &lt; 0.5 with <paramref name="threePhase"/>, and not making a phase of length 0. The default value is 0.3.</param>
    /// <param name="annealStrategy">Cosine or linear interpolation inside each phase (Paddle <c>anneal_strategy</c>). The default value is <see cref="AnnealStrategy.Cos"/>.</param>
    /// <param name="threePhase">Whether to come back down to the initial rate before annealing to <paramref name="endLearningRate"/> (Paddle <c>three_phase</c>). The default value is <see langword="false"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite, or the parameters make a phase of length 0.</exception>
    public OneCycleLR(
        double maxLearningRate,
        long totalSteps,
        double divideFactor = 25.0,
        double endLearningRate = 0.0001,
        double phasePct = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool threePhase = false)
    {
        MaxLearningRate = Guard.NonNegative(maxLearningRate);
        EndLearningRate = Guard.NonNegative(endLearningRate);
        TotalSteps = Guard.Positive(totalSteps);
        PhasePct = Guard.InRange(phasePct, 0.0, 1.0, minInclusive: true, maxInclusive: true);
        DivideFactor = Guard.Positive(divideFactor);
        Guard.Require(
            !threePhase || phasePct < 0.5,
            nameof(phasePct),
            phasePct,
            "must be < 0.5 when three_phase = True (the rise and the fall back to the initial rate each take phase_pct of the steps)");
        Guard.Require(
            annealStrategy is AnnealStrategy.Cos or AnnealStrategy.Linear,
            nameof(annealStrategy),
            annealStrategy,
            "must be Cos or Linear");
        AnnealStrategy = annealStrategy;
        ThreePhase = threePhase;
        InitialLearningRate = maxLearningRate / divideFactor;
        Guard.Require(
            double.IsFinite(InitialLearningRate),
            nameof(divideFactor),
            divideFactor,
            $"is too small: max_learning_rate / divide_factor overflows (max_learning_rate = {Guard.Format(maxLearningRate)})");

        // Paddle's phase table, with its order of operations.
        _phases = new OneCyclePhases(totalSteps, phasePct, threePhase, annealStrategy);
        _lr0 = InitialLearningRate;
        _lr1 = maxLearningRate;
        _lr2 = threePhase ? InitialLearningRate : endLearningRate;
        _lr3 = endLearningRate;

        // Every phase of length 0 is reached by some step in [0, T] (the first at step 0, the last at step T), where
        // Paddle divides by zero. Refuse it here instead.
        Guard.Require(
            !_phases.FirstPhaseIsEmpty,
            nameof(phasePct),
            phasePct,
            $"must not make phase_pct * total_steps = 1 (total_steps = {totalSteps}): the rising phase would have length 0 (Paddle divides 0 by 0 at step 0)");
        Guard.Require(
            !_phases.LaterPhaseIsEmpty,
            nameof(phasePct),
            phasePct,
            $"leaves the annealing phase with length 0 (total_steps = {totalSteps}): phase_pct * total_steps must be < total_steps (Paddle divides by zero at step total_steps)");
    }

    /// <summary>The peak learning rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>The length of the cycle; steps up to and including it are allowed.</summary>
    public long TotalSteps { get; }

    /// <summary>The initial rate is <see cref="MaxLearningRate"/> divided by this.</summary>
    public double DivideFactor { get; }

    /// <summary>The final learning rate (absolute).</summary>
    public double EndLearningRate { get; }

    /// <summary>The fraction of <see cref="TotalSteps"/> spent rising.</summary>
    public double PhasePct { get; }

    /// <summary>Cosine or linear interpolation inside each phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Whether the schedule comes back down to the initial rate before annealing to <see cref="EndLearningRate"/>.</summary>
    public bool ThreePhase { get; }

    /// <summary>The rate at step 0 of the rising phase: <c>MaxLearningRate / DivideFactor</c>.</summary>
    public double InitialLearningRate { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    /// <param name="step">The step (batch), from 0 to <see cref="TotalSteps"/> inclusive.</param>
    /// <returns>The learning rate; at <see cref="TotalSteps"/> it extrapolates the last phase and may be below <see cref="EndLearningRate"/>, even negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or greater than <see cref="TotalSteps"/>.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        if (step > TotalSteps)
        {
            ThrowPastEnd(step);
        }

        return _phases.At(step, _lr0, _lr1, _lr2, _lr3);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(
            ("max_learning_rate", MaxLearningRate),
            ("total_steps", TotalSteps),
            ("divide_factor", DivideFactor),
            ("end_learning_rate", EndLearningRate),
            ("phase_pct", PhasePct),
            ("anneal_strategy", AnnealStrategy == AnnealStrategy.Linear ? "linear" : "cos"),
            ("three_phase", ThreePhase));

    private void ThrowPastEnd(long step)
        => throw Guard.OutOfRange(nameof(step), step, $"must be <= total_steps = {TotalSteps} (OneCycleLR ends there)");
}

/// <summary>How <see cref="OneCycleLR"/> interpolates inside each phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine from the start rate to the end rate. Paddle and PyTorch <c>anneal_strategy='cos'</c>.</summary>
    Cos,

    /// <summary>A straight line from the start rate to the end rate. Paddle and PyTorch <c>anneal_strategy='linear'</c>.</summary>
    Linear,
}
