using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The 1cycle policy with momentum cycled the other way (PyTorch <c>torch.optim.lr_scheduler.OneCycleLR</c>; Paddle
/// <c>OneCycleLR</c> for the rate, with an absolute end rate). Meant to be stepped per batch. Instances are immutable
/// and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>T = total_steps</c> (or <c>epochs * steps_per_epoch</c>), <c>p = pct_start</c>,
/// <c>I = max_lr / div_factor</c> (the initial rate), <c>M = max_lr</c> and <c>m = I / final_div_factor</c>, the
/// rate runs <c>I → M → m</c> through the phases ending at <c>p*T - 1</c> and <c>T - 1</c>, or
/// <c>I → M → I → m</c> through <c>p*T - 1</c>, <c>2*p*T - 2</c> and <c>T - 1</c> with <c>three_phase</c>, each
/// phase annealed by a half cosine or a line (<see cref="AnnealStrategy"/>). The phase table is Paddle's
/// <see cref="OneCycleLR"/>'s, which is PyTorch's.</para>
/// <para>With <c>cycle_momentum=True</c> (the default) the momentum (or Adam's beta1) runs through the same phases,
/// as PyTorch's <c>_schedule_phases</c> lists them: <c>max_momentum → base_momentum → max_momentum</c>, or
/// <c>max_momentum → base_momentum → max_momentum → max_momentum</c> with three phases.</para>
/// <para>As in PyTorch, step <c>T</c> extrapolates the last phase and later steps are refused. PyTorch ignores the
/// optimizer's rate here (it sets the rate to <c>I</c>); <c>lr</c> is kept so that the PyTorch containers can hand
/// theirs down, and does not change the values.</para>
/// <para>Refused: <c>total_steps</c> together with <c>epochs</c> or <c>steps_per_epoch</c> (PyTorch silently uses
/// <c>total_steps</c>), neither of them (as in PyTorch), and what PyTorch divides by zero on:
/// <c>div_factor</c> or <c>final_div_factor</c> ≤ 0, or a phase of length 0 (<c>pct_start * T = 1</c>; <c>pct_start
/// = 1</c> without three phases; <c>2 * pct_start * T = T + 1</c> with three). Unlike Paddle, three phases accept
/// <c>pct_start</c> ≥ 0.5, as PyTorch does.</para>
/// <para>Spec: <c>torch.OneCycleLR(lr, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
/// anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0,
/// final_div_factor=10000.0, three_phase=False)</c>, e.g. <c>torch.OneCycleLR(lr=0.05, max_lr=0.1, total_steps=100)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchOneCycleLR(1, maxLr: 25, totalSteps: 10, finalDivFactor: 2, annealStrategy: AnnealStrategy.Linear)</c>
/// gives the rates 1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5 (PyTorch's documented example) and the momenta 0.95,
/// 0.9, 0.85, then back up by 0.1 / 7 per step to 0.95 at step 9.
/// </example>
public sealed class TorchOneCycleLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.OneCycleLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("max_lr", "maxLr", ParamKind.Real),
            ParamSpec.Opt("total_steps", "totalSteps", ParamKind.Integer, null) with { Nullable = true },
            ParamSpec.Opt("epochs", "epochs", ParamKind.Integer, null) with { Nullable = true },
            ParamSpec.Opt("steps_per_epoch", "stepsPerEpoch", ParamKind.Integer, null) with { Nullable = true },
            ParamSpec.Opt("pct_start", "pctStart", ParamKind.Real, 0.3),
            ParamSpec.Opt("anneal_strategy", "annealStrategy", ParamKind.Text, "cos") with { Choices = ["cos", "linear"] },
            ParamSpec.Opt("cycle_momentum", "cycleMomentum", ParamKind.Boolean, true),
            ParamSpec.Opt("base_momentum", "baseMomentum", ParamKind.Real, 0.85),
            ParamSpec.Opt("max_momentum", "maxMomentum", ParamKind.Real, 0.95),
            ParamSpec.Opt("div_factor", "divFactor", ParamKind.Real, 25.0),
            ParamSpec.Opt("final_div_factor", "finalDivFactor", ParamKind.Real, 1e4),
            ParamSpec.Opt("three_phase", "threePhase", ParamKind.Boolean, false),
        ],
        a => new TorchOneCycleLR(
            a.Real("lr"),
            a.Real("max_lr"),
            a.OptionalInteger("total_steps"),
            a.OptionalInteger("epochs"),
            a.OptionalInteger("steps_per_epoch"),
            a.Real("pct_start"),
            a.Text("anneal_strategy") == "linear" ? AnnealStrategy.Linear : AnnealStrategy.Cos,
            a.Boolean("cycle_momentum"),
            a.Real("base_momentum"),
            a.Real("max_momentum"),
            a.Real("div_factor"),
            a.Real("final_div_factor"),
            a.Boolean("three_phase")));

    private readonly OneCyclePhases _phases;
    private readonly bool _totalStepsGiven;

    /// <summary>Creates the schedule. Give <paramref name="totalSteps"/>, or <paramref name="epochs"/> and <paramref name="stepsPerEpoch"/>.</summary>
    /// <param name="lr">The optimizer's learning rate, finite and ≥ 0; PyTorch replaces it by <c>maxLr / divFactor</c>, so it does not change the values.</param>
    /// <param name="maxLr">The peak learning rate (PyTorch <c>max_lr</c>), finite and ≥ 0.</param>
    /// <param name="totalSteps">The length of the cycle in steps (PyTorch <c>total_steps</c>), &gt; 0, or <see langword="null"/> to use <paramref name="epochs"/> × <paramref name="stepsPerEpoch"/>. The default value is <see langword="null"/>.</param>
    /// <param name="epochs">The epochs of the cycle (PyTorch <c>epochs</c>), &gt; 0, with <paramref name="stepsPerEpoch"/>; <see langword="null"/> with <paramref name="totalSteps"/>. The default value is <see langword="null"/>.</param>
    /// <param name="stepsPerEpoch">The steps per epoch (PyTorch <c>steps_per_epoch</c>), &gt; 0, with <paramref name="epochs"/>; <see langword="null"/> with <paramref name="totalSteps"/>. The default value is <see langword="null"/>.</param>
    /// <param name="pctStart">The fraction of the cycle spent rising (PyTorch <c>pct_start</c>), in [0, 1], not making a phase of length 0. The default value is 0.3.</param>
    /// <param name="annealStrategy">Cosine or linear interpolation inside each phase (PyTorch <c>anneal_strategy</c>). The default value is <see cref="AnnealStrategy.Cos"/>.</param>
    /// <param name="cycleMomentum">Whether the momentum cycles inversely to the rate (PyTorch <c>cycle_momentum</c>). The default value is <see langword="true"/>.</param>
    /// <param name="baseMomentum">The momentum at the peak rate (PyTorch <c>base_momentum</c>), finite and ≥ 0. The default value is 0.85.</param>
    /// <param name="maxMomentum">The momentum at the start and the end (PyTorch <c>max_momentum</c>), finite and ≥ 0. The default value is 0.95.</param>
    /// <param name="divFactor">The initial rate is <c>maxLr / divFactor</c> (PyTorch <c>div_factor</c>), finite and &gt; 0. The default value is 25.</param>
    /// <param name="finalDivFactor">The final rate is the initial rate divided by this (PyTorch <c>final_div_factor</c>), finite and &gt; 0. The default value is 1e4.</param>
    /// <param name="threePhase">Whether to come back down to the initial rate before annealing to the final rate (PyTorch <c>three_phase</c>). The default value is <see langword="false"/>.</param>
    /// <exception cref="ArgumentException">The cycle length is given both ways, or neither way.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite, or the parameters make a phase of length 0.</exception>
    public TorchOneCycleLR(
        double lr,
        double maxLr,
        long? totalSteps = null,
        long? epochs = null,
        long? stepsPerEpoch = null,
        double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false)
    {
        // PyTorch's order: the cycle length, pct_start, anneal_strategy; then Anneal's own checks.
        TotalSteps = CycleLength(totalSteps, epochs, stepsPerEpoch);
        _totalStepsGiven = totalSteps is not null;
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        PctStart = Guard.InRange(pctStart, 0.0, 1.0, minInclusive: true, maxInclusive: true);
        Guard.Require(
            annealStrategy is AnnealStrategy.Cos or AnnealStrategy.Linear,
            nameof(annealStrategy),
            annealStrategy,
            "must be Cos or Linear");
        AnnealStrategy = annealStrategy;
        Lr = Guard.NonNegative(lr);
        MaxLr = Guard.NonNegative(maxLr);
        DivFactor = Guard.Positive(divFactor);
        InitialLr = maxLr / divFactor;
        Guard.Require(
            double.IsFinite(InitialLr),
            nameof(divFactor),
            divFactor,
            $"is too small: max_lr / div_factor overflows (max_lr = {Guard.Format(maxLr)})");
        FinalDivFactor = Guard.Positive(finalDivFactor);
        MinLr = InitialLr / finalDivFactor;
        Guard.Require(
            double.IsFinite(MinLr),
            nameof(finalDivFactor),
            finalDivFactor,
            $"is too small: max_lr / div_factor / final_div_factor overflows (max_lr / div_factor = {Guard.Format(InitialLr)})");
        CycleMomentum = cycleMomentum;
        BaseMomentum = Guard.NonNegative(baseMomentum);
        MaxMomentum = Guard.NonNegative(maxMomentum);
        ThreePhase = threePhase;

        _phases = new OneCyclePhases(TotalSteps, pctStart, threePhase, annealStrategy);
        Guard.Require(
            !_phases.FirstPhaseIsEmpty,
            nameof(pctStart),
            pctStart,
            $"must not make pct_start * total_steps = 1 (total_steps = {TotalSteps}): the rising phase would have length 0 (PyTorch divides 0 by 0 at step 0)");
        Guard.Require(
            !_phases.LaterPhaseIsEmpty,
            nameof(pctStart),
            pctStart,
            $"leaves a later phase with length 0 (total_steps = {TotalSteps}, three_phase = {Guard.FormatValue(threePhase)}): PyTorch divides by zero at step total_steps");
    }

    /// <summary>The optimizer's learning rate (not used by the values).</summary>
    public double Lr { get; }

    /// <summary>The peak learning rate.</summary>
    public double MaxLr { get; }

    /// <summary>The length of the cycle, as given or as <see cref="Epochs"/> × <see cref="StepsPerEpoch"/>; steps up to and including it are allowed.</summary>
    public long TotalSteps { get; }

    /// <summary>The epochs of the cycle, when the length was given that way; otherwise <see langword="null"/>.</summary>
    public long? Epochs { get; }

    /// <summary>The steps per epoch, when the length was given that way; otherwise <see langword="null"/>.</summary>
    public long? StepsPerEpoch { get; }

    /// <summary>The fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear interpolation inside each phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Whether the momentum cycles inversely to the rate (PyTorch <c>cycle_momentum</c>).</summary>
    public bool CycleMomentum { get; }

    /// <summary>The momentum at the peak rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>The momentum at the start and the end.</summary>
    public double MaxMomentum { get; }

    /// <summary>The initial rate is <see cref="MaxLr"/> divided by this.</summary>
    public double DivFactor { get; }

    /// <summary>The final rate is <see cref="InitialLr"/> divided by this.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the rate comes back down to <see cref="InitialLr"/> before annealing to <see cref="MinLr"/>.</summary>
    public bool ThreePhase { get; }

    /// <summary>The rate at step 0: <c>MaxLr / DivFactor</c> (PyTorch's <c>initial_lr</c>).</summary>
    public double InitialLr { get; }

    /// <summary>The rate at step <c>TotalSteps - 1</c>: <c>InitialLr / FinalDivFactor</c> (PyTorch's <c>min_lr</c>).</summary>
    public double MinLr { get; }

    /// <inheritdoc />
    public override bool CyclesMomentum => CycleMomentum;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    /// <param name="step">The step (batch), from 0 to <see cref="TotalSteps"/> inclusive.</param>
    /// <returns>The learning rate; at <see cref="TotalSteps"/> it extrapolates the last phase.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or greater than <see cref="TotalSteps"/>.</exception>
    public override double At(long step)
    {
        CheckInCycle(step);
        return _phases.At(step, InitialLr, MaxLr, ThreePhase ? InitialLr : MinLr, MinLr);
    }

    /// <summary>The momentum at <paramref name="step"/>.</summary>
    /// <param name="step">The step (batch), from 0 to <see cref="TotalSteps"/> inclusive.</param>
    /// <returns>The momentum (or beta1).</returns>
    /// <exception cref="InvalidOperationException"><see cref="CycleMomentum"/> is false.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or greater than <see cref="TotalSteps"/>.</exception>
    public override double MomentumAt(long step)
    {
        if (!CycleMomentum)
        {
            return base.MomentumAt(step);
        }

        CheckInCycle(step);
        return _phases.At(step, MaxMomentum, BaseMomentum, MaxMomentum, MaxMomentum);
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(
            ("lr", Lr),
            ("max_lr", MaxLr),
            ("total_steps", _totalStepsGiven ? TotalSteps : null),
            ("epochs", Epochs),
            ("steps_per_epoch", StepsPerEpoch),
            ("pct_start", PctStart),
            ("anneal_strategy", AnnealStrategy == AnnealStrategy.Linear ? "linear" : "cos"),
            ("cycle_momentum", CycleMomentum),
            ("base_momentum", BaseMomentum),
            ("max_momentum", MaxMomentum),
            ("div_factor", DivFactor),
            ("final_div_factor", FinalDivFactor),
            ("three_phase", ThreePhase));

    /// <summary>PyTorch's rule: <c>total_steps</c>, or else <c>epochs * steps_per_epoch</c>; Anneal refuses both at once.</summary>
    private static long CycleLength(long? totalSteps, long? epochs, long? stepsPerEpoch)
    {
        const string Rule = "give total_steps, or epochs and steps_per_epoch";
        if (totalSteps is { } total)
        {
            Guard.Positive(total, nameof(totalSteps));
            if (epochs is not null)
            {
                throw Guard.Invalid(nameof(epochs), epochs, $"must be None when total_steps = {total} is given ({Rule}; PyTorch would ignore epochs)");
            }

            if (stepsPerEpoch is not null)
            {
                throw Guard.Invalid(nameof(stepsPerEpoch), stepsPerEpoch, $"must be None when total_steps = {total} is given ({Rule}; PyTorch would ignore steps_per_epoch)");
            }

            return total;
        }

        if (epochs is null && stepsPerEpoch is null)
        {
            throw Guard.Invalid(nameof(totalSteps), null, $"needs a value: {Rule}");
        }

        if (epochs is not { } e)
        {
            throw Guard.Invalid(nameof(epochs), null, $"must be given with steps_per_epoch = {stepsPerEpoch} ({Rule})");
        }

        if (stepsPerEpoch is not { } perEpoch)
        {
            throw Guard.Invalid(nameof(stepsPerEpoch), null, $"must be given with epochs = {e} ({Rule})");
        }

        Guard.Positive(e, nameof(epochs));
        Guard.Positive(perEpoch, nameof(stepsPerEpoch));
        Guard.Require(perEpoch <= long.MaxValue / e, nameof(stepsPerEpoch), perEpoch, $"makes epochs * steps_per_epoch overflow a long (epochs = {e})");
        return e * perEpoch;
    }

    private void CheckInCycle(long step)
    {
        CheckStep(step);
        if (step > TotalSteps)
        {
            ThrowPastEnd(step);
        }
    }

    private void ThrowPastEnd(long step)
        => throw Guard.OutOfRange(nameof(step), step, $"must be <= total_steps = {TotalSteps} (OneCycleLR ends there)");
}
