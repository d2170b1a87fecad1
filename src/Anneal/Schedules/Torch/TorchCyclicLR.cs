using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cyclical learning rates with momentum cycled the other way (PyTorch <c>torch.optim.lr_scheduler.CyclicLR</c>;
/// Paddle <c>CyclicLR</c> for the rate). Meant to be stepped per batch. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>The rate is Anneal's <see cref="CyclicLR"/> (PyTorch's values): with <c>height</c> the triangle at step
/// <c>i</c> (0 at the base, 1 at the peak) and <c>f</c> the amplitude scale of <c>mode</c> or <c>scale_fn</c>,
/// <c>lr(i) = base_lr + ((max_lr - base_lr) * height) * f</c>.</para>
/// <para>With <c>cycle_momentum=True</c> (the default) the momentum (or Adam's beta1) runs inversely, as PyTorch
/// computes it: <c>momentum(i) = max_momentum - ((max_momentum - base_momentum) * height) * f</c>, so
/// <c>max_momentum</c> at the base of the wave and <c>base_momentum</c> at its (scaled) peak.</para>
/// <para>PyTorch ignores the optimizer's rate here: CyclicLR sets it to <c>base_lr</c>. <c>lr</c> is kept so that the
/// PyTorch containers can hand theirs down; it does not change the values.</para>
/// <para>Refused beyond PyTorch, where it divides by zero or goes negative: <c>step_size_up</c> or
/// <c>step_size_down</c> ≤ 0, <c>gamma</c> ≤ 0, negative rates or momenta.</para>
/// <para>Spec: <c>torch.CyclicLR(lr, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular',
/// gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchCyclicLR(1, baseLr: 1, maxLr: 5, stepSizeUp: 4, mode: CyclicMode.Triangular2)</c> gives the rates
/// 1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5, 3, ... (PyTorch's unit-test numbers) and the momenta 0.9, 0.875, 0.85,
/// 0.825, 0.8, ..., 0.9 at step 8, 0.85 at the second (halved) peak.
/// </example>
public sealed class TorchCyclicLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.CyclicLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("base_lr", "baseLr", ParamKind.Real),
            ParamSpec.Req("max_lr", "maxLr", ParamKind.Real),
            ParamSpec.Opt("step_size_up", "stepSizeUp", ParamKind.Integer, 2000L),
            ParamSpec.Opt("step_size_down", "stepSizeDown", ParamKind.Integer, null) with { Nullable = true },
            ParamSpec.Opt("mode", "mode", ParamKind.Text, "triangular") with { Choices = ["triangular", "triangular2", "exp_range"] },
            ParamSpec.Opt("gamma", "gamma", ParamKind.Real, 1.0),
            ParamSpec.Opt("scale_fn", "scaleFn", ParamKind.Expression, null) with { Nullable = true, Variable = "x" },
            ParamSpec.Opt("scale_mode", "scaleMode", ParamKind.Text, "cycle") with { Choices = ["cycle", "iterations"] },
            ParamSpec.Opt("cycle_momentum", "cycleMomentum", ParamKind.Boolean, true),
            ParamSpec.Opt("base_momentum", "baseMomentum", ParamKind.Real, 0.8),
            ParamSpec.Opt("max_momentum", "maxMomentum", ParamKind.Real, 0.9),
        ],
        a => new TorchCyclicLR(
            a.Real("lr"),
            a.Real("base_lr"),
            a.Real("max_lr"),
            a.Integer("step_size_up"),
            a.OptionalInteger("step_size_down"),
            CyclicLR.ParseMode(a.Text("mode")),
            a.Real("gamma"),
            a.Expression("scale_fn"),
            a.Text("scale_mode") == "iterations" ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle,
            a.Boolean("cycle_momentum"),
            a.Real("base_momentum"),
            a.Real("max_momentum")));

    private readonly CyclicLR _wave;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate, finite and ≥ 0; PyTorch replaces it by <paramref name="baseLr"/>, so it does not change the values.</param>
    /// <param name="baseLr">The lower end of the wave (PyTorch <c>base_lr</c>), finite and ≥ 0.</param>
    /// <param name="maxLr">The upper end of the wave before scaling (PyTorch <c>max_lr</c>), finite and ≥ 0.</param>
    /// <param name="stepSizeUp">Steps from the base to the peak (PyTorch <c>step_size_up</c>), &gt; 0. The default value is 2000.</param>
    /// <param name="stepSizeDown">Steps from the peak back to the base (PyTorch <c>step_size_down</c>), &gt; 0, or <see langword="null"/> for <paramref name="stepSizeUp"/>. The default value is <see langword="null"/>.</param>
    /// <param name="mode">The built-in amplitude scaling (PyTorch <c>mode</c>); ignored when <paramref name="scaleFn"/> is given. The default value is <see cref="CyclicMode.Triangular"/>.</param>
    /// <param name="gamma">The base of <c>gamma ** step</c> for <see cref="CyclicMode.ExpRange"/> (PyTorch <c>gamma</c>), finite and &gt; 0. The default value is 1.0.</param>
    /// <param name="scaleFn">A custom amplitude scaling as a Python expression in <c>x</c> (PyTorch <c>scale_fn</c>), or <see langword="null"/> to use <paramref name="mode"/>. The default value is <see langword="null"/>.</param>
    /// <param name="scaleMode">Whether <paramref name="scaleFn"/> gets the cycle number or the step (PyTorch <c>scale_mode</c>). The default value is <see cref="CyclicScaleMode.Cycle"/>.</param>
    /// <param name="cycleMomentum">Whether the momentum cycles inversely to the rate (PyTorch <c>cycle_momentum</c>). The default value is <see langword="true"/>.</param>
    /// <param name="baseMomentum">The momentum at the peak of the wave (PyTorch <c>base_momentum</c>), finite and ≥ 0. The default value is 0.8.</param>
    /// <param name="maxMomentum">The momentum at the base of the wave (PyTorch <c>max_momentum</c>), finite and ≥ 0. The default value is 0.9.</param>
    /// <exception cref="ArgumentException"><paramref name="scaleFn"/> does not parse, or fails at step 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public TorchCyclicLR(
        double lr,
        double baseLr,
        double maxLr,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1.0,
        string? scaleFn = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle,
        bool cycleMomentum = true,
        double baseMomentum = 0.8,
        double maxMomentum = 0.9)
        : this(
            lr,
            baseLr,
            maxLr,
            stepSizeUp,
            stepSizeDown,
            mode,
            gamma,
            scaleFn is null ? null : ExpressionArgument.Parse(scaleFn, "x", nameof(scaleFn)),
            scaleMode,
            cycleMomentum,
            baseMomentum,
            maxMomentum)
    {
    }

    private TorchCyclicLR(
        double lr,
        double baseLr,
        double maxLr,
        long stepSizeUp,
        long? stepSizeDown,
        CyclicMode mode,
        double gamma,
        PyExpression? scaleFn,
        CyclicScaleMode scaleMode,
        bool cycleMomentum,
        double baseMomentum,
        double maxMomentum)
    {
        Lr = Guard.NonNegative(lr);
        Guard.NonNegative(baseLr);
        Guard.NonNegative(maxLr);
        Guard.Positive(gamma);
        CycleMomentum = cycleMomentum;
        BaseMomentum = Guard.NonNegative(baseMomentum);
        MaxMomentum = Guard.NonNegative(maxMomentum);
        _wave = new CyclicLR(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode);
    }

    /// <summary>The optimizer's learning rate (not used by the values).</summary>
    public double Lr { get; }

    /// <summary>The lower end of the wave.</summary>
    public double BaseLr => _wave.BaseLearningRate;

    /// <summary>The upper end of the wave before scaling.</summary>
    public double MaxLr => _wave.MaxLearningRate;

    /// <summary>Steps from the base to the peak.</summary>
    public long StepSizeUp => _wave.StepSizeUp;

    /// <summary>Steps from the peak back to the base, or <see langword="null"/> when it equals <see cref="StepSizeUp"/>.</summary>
    public long? StepSizeDown => _wave.StepSizeDown;

    /// <summary>The built-in amplitude scaling; ignored when <see cref="ScaleFn"/> is set.</summary>
    public CyclicMode Mode => _wave.Mode;

    /// <summary>The base of <c>gamma ** step</c> for <see cref="CyclicMode.ExpRange"/>.</summary>
    public double Gamma => _wave.ExpGamma;

    /// <summary>The custom amplitude scaling as a Python expression in <c>x</c>, or <see langword="null"/>.</summary>
    public string? ScaleFn => _wave.ScaleFn;

    /// <summary>Whether <see cref="ScaleFn"/> gets the cycle number or the step.</summary>
    public CyclicScaleMode ScaleMode => _wave.ScaleMode;

    /// <summary>Whether the momentum cycles inversely to the rate (PyTorch <c>cycle_momentum</c>).</summary>
    public bool CycleMomentum { get; }

    /// <summary>The momentum at the peak of the wave.</summary>
    public double BaseMomentum { get; }

    /// <summary>The momentum at the base of the wave.</summary>
    public double MaxMomentum { get; }

    /// <inheritdoc />
    public override bool CyclesMomentum => CycleMomentum;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="ArithmeticException"><see cref="ScaleFn"/> divides by zero, overflows or gives a non-finite learning rate at this step.</exception>
    public override double At(long step) => _wave.At(step);

    /// <summary>The momentum at <paramref name="step"/>: <c>max_momentum - ((max_momentum - base_momentum) * height) * f</c>.</summary>
    /// <param name="step">The step (batch), ≥ 0.</param>
    /// <returns>The momentum (or beta1).</returns>
    /// <exception cref="InvalidOperationException"><see cref="CycleMomentum"/> is false.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArithmeticException"><see cref="ScaleFn"/> fails or gives a non-finite momentum at this step.</exception>
    public override double MomentumAt(long step)
    {
        if (!CycleMomentum)
        {
            return base.MomentumAt(step);
        }

        CheckStep(step);
        var height = _wave.Wave(step, out var scale);
        var momentum = MaxMomentum - (((MaxMomentum - BaseMomentum) * height) * scale);
        if (!double.IsFinite(momentum))
        {
            throw new ArithmeticException($"the momentum is {Guard.Format(momentum)} at step {step} (scale_fn = {Guard.FormatValue(ScaleFn)}); momenta must be finite");
        }

        return momentum;
    }

    internal override SpecCall ToSpec()
        => Descriptor.Call(
            ("lr", Lr),
            ("base_lr", BaseLr),
            ("max_lr", MaxLr),
            ("step_size_up", StepSizeUp),
            ("step_size_down", StepSizeDown),
            ("mode", CyclicLR.ModeText(Mode)),
            ("gamma", Gamma),
            ("scale_fn", ScaleFn),
            ("scale_mode", ScaleMode == CyclicScaleMode.Iterations ? "iterations" : "cycle"),
            ("cycle_momentum", CycleMomentum),
            ("base_momentum", BaseMomentum),
            ("max_momentum", MaxMomentum));
}
