using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Cyclical learning rates: a triangular wave between <c>base_learning_rate</c> and <c>max_learning_rate</c>, its
/// amplitude optionally scaled per cycle or per iteration (Paddle <c>paddle.optimizer.lr.CyclicLR</c>, PyTorch
/// <c>CyclicLR</c>). Meant to be stepped per batch. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>up = step_size_up</c>, <c>down = step_size_down</c> (or <c>up</c>), <c>cycle_size = up + down</c>,
/// <c>step_up_pct = up / cycle_size</c> and <c>amplitude = max_learning_rate - base_learning_rate</c>, at step
/// <c>i</c>: <c>cycle = 1 + i // cycle_size</c> (a float, as in Python), <c>pct = 1.0 + i / cycle_size - cycle</c>,
/// <c>sf = pct / step_up_pct</c> if <c>pct &lt;= step_up_pct</c> else <c>(1 - pct) / (1 - step_up_pct)</c>, and
/// <c>lr = base_learning_rate + (amplitude * sf) * f(x)</c>, in Paddle's order of operations.</para>
/// <para>The scale function <c>f</c>: <see cref="CyclicMode.Triangular"/> 1.0 on the cycle;
/// <see cref="CyclicMode.Triangular2"/> <c>1 / (2.0 ** (x - 1))</c> on the cycle (the amplitude halves each cycle);
/// <see cref="CyclicMode.ExpRange"/> <c>exp_gamma ** x</c> on the iteration, that is the global step, not the step
/// within the cycle (as in Paddle and PyTorch). A user <c>scale_fn</c> (a Python expression in <c>x</c>) replaces
/// the mode, and <c>scale_mode</c> then says whether <c>x</c> is the cycle number (from 1.0) or the step.</para>
/// <para><c>max_learning_rate &lt; base_learning_rate</c> is allowed: the wave then dips below the base.</para>
/// <para>PyTorch: the same values; PyTorch defaults <c>step_size_up</c> to 2000, passes an integer cycle to
/// <c>scale_fn</c> and cycles momentum (see <see cref="TorchCyclicLR"/>).</para>
/// <para>Spec: <c>CyclicLR(base_learning_rate, max_learning_rate, step_size_up, step_size_down=None,
/// mode='triangular', exp_gamma=1.0, scale_fn=None, scale_mode='cycle')</c>, e.g.
/// <c>CyclicLR(base_learning_rate=0.5, max_learning_rate=1.0, step_size_up=15, scale_fn='0.95 ** x')</c>.</para>
/// </remarks>
/// <example>
/// <c>new CyclicLR(1, 5, stepSizeUp: 4, mode: CyclicMode.Triangular2)</c> gives 1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2,
/// 2.5, 3, 2.5, 2, 1.5, 1, 1.25, ... (PyTorch's unit-test numbers).
/// </example>
public sealed class CyclicLR : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "CyclicLR",
        [
            ParamSpec.Req("base_learning_rate", "baseLearningRate", ParamKind.Real),
            ParamSpec.Req("max_learning_rate", "maxLearningRate", ParamKind.Real),
            ParamSpec.Req("step_size_up", "stepSizeUp", ParamKind.Integer),
            ParamSpec.Opt("step_size_down", "stepSizeDown", ParamKind.Integer, null) with { Nullable = true },
            ParamSpec.Opt("mode", "mode", ParamKind.Text, "triangular") with { Choices = ["triangular", "triangular2", "exp_range"] },
            ParamSpec.Opt("exp_gamma", "expGamma", ParamKind.Real, 1.0),
            ParamSpec.Opt("scale_fn", "scaleFn", ParamKind.Expression, null) with { Nullable = true, Variable = "x" },
            ParamSpec.Opt("scale_mode", "scaleMode", ParamKind.Text, "cycle") with { Choices = ["cycle", "iterations"] },
        ],
        a => new CyclicLR(
            a.Real("base_learning_rate"),
            a.Real("max_learning_rate"),
            a.Integer("step_size_up"),
            a.OptionalInteger("step_size_down"),
            ParseMode(a.Text("mode")),
            a.Real("exp_gamma"),
            a.Expression("scale_fn"),
            a.Text("scale_mode") == "iterations" ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle));

    private readonly PyExpression? _scaleFn;
    private readonly double _cycleSize;
    private readonly double _stepUpPct;
    private readonly double _amplitude;

    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">The lower end of the wave (Paddle <c>base_learning_rate</c>, PyTorch <c>base_lr</c>), finite and ≥ 0.</param>
    /// <param name="maxLearningRate">The upper end of the wave before scaling (Paddle <c>max_learning_rate</c>, PyTorch <c>max_lr</c>), finite and ≥ 0; may be below <paramref name="baseLearningRate"/>.</param>
    /// <param name="stepSizeUp">Steps from the base to the peak (Paddle and PyTorch <c>step_size_up</c>), &gt; 0.</param>
    /// <param name="stepSizeDown">Steps from the peak back to the base (Paddle and PyTorch <c>step_size_down</c>), &gt; 0, or <see langword="null"/> for <paramref name="stepSizeUp"/>. The default value is <see langword="null"/>.</param>
    /// <param name="mode">The built-in amplitude scaling (Paddle and PyTorch <c>mode</c>); ignored when <paramref name="scaleFn"/> is given. The default value is <see cref="CyclicMode.Triangular"/>.</param>
    /// <param name="expGamma">The base of <c>exp_gamma ** step</c> for <see cref="CyclicMode.ExpRange"/> (Paddle <c>exp_gamma</c>, PyTorch <c>gamma</c>), finite and &gt; 0. The default value is 1.0.</param>
    /// <param name="scaleFn">A custom amplitude scaling as a Python expression in <c>x</c>, e.g. <c>"0.95 ** x"</c> (Paddle and PyTorch <c>scale_fn</c>), or <see langword="null"/> to use <paramref name="mode"/>. The default value is <see langword="null"/>.</param>
    /// <param name="scaleMode">Whether <paramref name="scaleFn"/> gets the cycle number or the step (Paddle and PyTorch <c>scale_mode</c>); used only with <paramref name="scaleFn"/>. The default value is <see cref="CyclicScaleMode.Cycle"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="scaleFn"/> does not parse, or fails at step 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its allowed range, NaN or infinite.</exception>
    public CyclicLR(
        double baseLearningRate,
        double maxLearningRate,
        long stepSizeUp,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double expGamma = 1.0,
        string? scaleFn = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle)
        : this(
            baseLearningRate,
            maxLearningRate,
            stepSizeUp,
            stepSizeDown,
            mode,
            expGamma,
            scaleFn is null ? null : ExpressionArgument.Parse(scaleFn, "x", nameof(scaleFn)),
            scaleMode)
    {
    }

    internal CyclicLR(
        double baseLearningRate,
        double maxLearningRate,
        long stepSizeUp,
        long? stepSizeDown,
        CyclicMode mode,
        double expGamma,
        PyExpression? scaleFn,
        CyclicScaleMode scaleMode)
    {
        // Paddle's order: max_learning_rate, step_size_up, step_size_down, exp_gamma, mode, scale_mode, base.
        MaxLearningRate = Guard.NonNegative(maxLearningRate);
        StepSizeUp = Guard.Positive(stepSizeUp);
        if (stepSizeDown is { } down)
        {
            Guard.Positive(down, nameof(stepSizeDown));
        }

        StepSizeDown = stepSizeDown;
        ExpGamma = Guard.Positive(expGamma);
        Guard.Require(mode is CyclicMode.Triangular or CyclicMode.Triangular2 or CyclicMode.ExpRange, nameof(mode), mode, "must be Triangular, Triangular2 or ExpRange");
        Guard.Require(scaleMode is CyclicScaleMode.Cycle or CyclicScaleMode.Iterations, nameof(scaleMode), scaleMode, "must be Cycle or Iterations");
        BaseLearningRate = Guard.NonNegative(baseLearningRate);
        Mode = mode;
        ScaleMode = scaleMode;
        _scaleFn = scaleFn;

        var up = (double)stepSizeUp;
        var downSteps = stepSizeDown is { } d ? (double)d : up;
        _cycleSize = up + downSteps;
        _stepUpPct = up / _cycleSize;
        _amplitude = maxLearningRate - baseLearningRate;

        if (scaleFn is not null)
        {
            // Paddle evaluates scale_fn in its constructor (at step 0): fail here, not mid-training.
            ExpressionArgument.CheckAt(scaleFn, scaleMode == CyclicScaleMode.Cycle ? 1.0 : 0.0, nameof(scaleFn));
        }
    }

    /// <summary>The lower end of the wave.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The upper end of the wave before scaling.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Steps from the base to the peak.</summary>
    public long StepSizeUp { get; }

    /// <summary>Steps from the peak back to the base, or <see langword="null"/> when it equals <see cref="StepSizeUp"/>.</summary>
    public long? StepSizeDown { get; }

    /// <summary>The built-in amplitude scaling; ignored when <see cref="ScaleFn"/> is set.</summary>
    public CyclicMode Mode { get; }

    /// <summary>The base of <c>exp_gamma ** step</c> for <see cref="CyclicMode.ExpRange"/>.</summary>
    public double ExpGamma { get; }

    /// <summary>The custom amplitude scaling as a Python expression in <c>x</c>, or <see langword="null"/>.</summary>
    public string? ScaleFn => _scaleFn?.Text;

    /// <summary>Whether <see cref="ScaleFn"/> gets the cycle number or the step; used only with <see cref="ScaleFn"/>.</summary>
    public CyclicScaleMode ScaleMode { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    /// <param name="step">The step (batch), ≥ 0.</param>
    /// <returns>The learning rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or <see cref="ScaleFn"/> meets a math domain error at this step.</exception>
    /// <exception cref="ArithmeticException"><see cref="ScaleFn"/> divides by zero, overflows or gives a non-finite learning rate at this step.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        var height = Wave(step, out var scale);
        var lr = BaseLearningRate + ((_amplitude * height) * scale);
        if (_scaleFn is not null)
        {
            return ExpressionArgument.Finite(lr, _scaleFn, step);
        }

        if (!double.IsFinite(lr))
        {
            ThrowOverflow(step);
        }

        return lr;
    }

    /// <summary>
    /// The triangle at <paramref name="step"/> (Paddle's <c>sf</c>: 0 at the base, 1 at the peak) and the amplitude
    /// scale there: the learning rate is <c>base + (amplitude * height) * scale</c>, and PyTorch's momentum
    /// (<see cref="TorchCyclicLR"/>) uses the same two numbers.
    /// </summary>
    private void ThrowOverflow(long step) => throw Guard.OutOfRange(
        nameof(step),
        step,
        $"is too far: exp_gamma ** step overflows a double there (exp_gamma = {Guard.Format(ExpGamma)})");

    internal double Wave(long step, out double scale)
    {
        double i = step;
        var cycle = 1 + FloorDivide(i, _cycleSize);
        var pct = 1.0 + (i / _cycleSize) - cycle;
        var height = pct <= _stepUpPct ? pct / _stepUpPct : (1 - pct) / (1 - _stepUpPct);
        if (_scaleFn is not null)
        {
            scale = _scaleFn.Evaluate(ScaleMode == CyclicScaleMode.Cycle ? cycle : i);
        }
        else
        {
            scale = Mode switch
            {
                CyclicMode.Triangular2 => HalvingScale(cycle - 1),
                CyclicMode.ExpRange => Math.Pow(ExpGamma, i),
                _ => 1.0,
            };
        }

        return height;
    }

    /// <summary>
    /// Paddle's <c>1 / (2.0 ** k)</c> for an integer-valued <paramref name="k"/> ≥ 0, without a call to pow: below
    /// 1024 both the power and its reciprocal are exact powers of two, so <see cref="Math.ScaleB"/> gives the same bits;
    /// from 1024 on <c>2.0 ** k</c> overflows to infinity and the reciprocal is 0.
    /// </summary>
    private static double HalvingScale(double k) => k < 1024 ? Math.ScaleB(1.0, -(int)k) : 0.0;

    internal override SpecCall ToSpec()
        => Descriptor.Call(
            ("base_learning_rate", BaseLearningRate),
            ("max_learning_rate", MaxLearningRate),
            ("step_size_up", StepSizeUp),
            ("step_size_down", StepSizeDown),
            ("mode", ModeText(Mode)),
            ("exp_gamma", ExpGamma),
            ("scale_fn", _scaleFn),
            ("scale_mode", ScaleMode == CyclicScaleMode.Iterations ? "iterations" : "cycle"));

    /// <summary>Python's float floor division <c>a // b</c> for a ≥ 0 and b &gt; 0 (CPython's algorithm, exactly).</summary>
    private static double FloorDivide(double a, double b)
    {
        var mod = a % b;
        var div = (a - mod) / b;
        var floor = Math.Floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    /// <summary>The mode as specs write it (<c>'triangular2'</c>); <see cref="ParseMode"/> reads it back.</summary>
    internal static string ModeText(CyclicMode mode) => mode switch
    {
        CyclicMode.Triangular2 => "triangular2",
        CyclicMode.ExpRange => "exp_range",
        _ => "triangular",
    };

    /// <summary>The mode a spec names (one of the descriptor's choices).</summary>
    internal static CyclicMode ParseMode(string mode) => mode switch
    {
        "triangular2" => CyclicMode.Triangular2,
        "exp_range" => CyclicMode.ExpRange,
        _ => CyclicMode.Triangular,
    };
}

/// <summary>The built-in amplitude scaling of <see cref="CyclicLR"/>.</summary>
public enum CyclicMode
{
    /// <summary>No scaling: every cycle reaches <see cref="CyclicLR.MaxLearningRate"/>. Paddle and PyTorch <c>mode='triangular'</c>.</summary>
    Triangular,

    /// <summary>The amplitude halves every cycle: <c>1 / 2 ** (cycle - 1)</c>. Paddle and PyTorch <c>mode='triangular2'</c>.</summary>
    Triangular2,

    /// <summary>The amplitude is multiplied by <c>exp_gamma ** step</c>, on the global step. Paddle and PyTorch <c>mode='exp_range'</c>.</summary>
    ExpRange,
}

/// <summary>What a custom <see cref="CyclicLR.ScaleFn"/> receives as <c>x</c>.</summary>
public enum CyclicScaleMode
{
    /// <summary>The cycle number, 1.0 for the first cycle. Paddle and PyTorch <c>scale_mode='cycle'</c>.</summary>
    Cycle,

    /// <summary>The step (iterations since the start). Paddle and PyTorch <c>scale_mode='iterations'</c>.</summary>
    Iterations,
}
