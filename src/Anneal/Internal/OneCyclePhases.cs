namespace Anneal.Internal;

/// <summary>
/// The phase table of the 1cycle policy, shared by Paddle's OneCycleLR and PyTorch's (whose momentum runs through the
/// same phases with other end values). With <c>T</c> total steps and <c>p</c> the rising fraction, the phases end at
/// <c>p*T - 1</c> and <c>T - 1</c>, or with three phases at <c>p*T - 1</c>, <c>2*p*T - 2</c> and <c>T - 1</c>;
/// each starts where the previous one ended (the first at 0). Step <c>s</c> belongs to the first phase with
/// <c>s &lt;= end</c> (a float comparison) and the last phase takes every later step. Inside a phase,
/// <c>pct = (s - start) / (end - start)</c> and the value is <c>end + (start - end) / 2.0 * (cos(pi * pct) + 1)</c>
/// (cos) or <c>(end - start) * pct + start</c> (linear), in Paddle's and PyTorch's order of operations.
/// Immutable and thread-safe.
/// </summary>
internal sealed class OneCyclePhases
{
    // Phase i runs from _endI-1 (0 for the first) to _endI over _sizeI steps. Two-phase tables use phases 0 and 1
    // (phase 1 takes every step after _end0); three-phase ones use 0, 1, 2.
    private readonly double _end0;
    private readonly double _end1;
    private readonly double _size0;
    private readonly double _size1;
    private readonly double _size2;
    private readonly bool _threePhase;
    private readonly AnnealStrategy _strategy;

    public OneCyclePhases(long totalSteps, double pct, bool threePhase, AnnealStrategy strategy)
    {
        var t = (double)totalSteps;
        _end0 = (pct * t) - 1;
        _size0 = _end0; // the first phase starts at step 0
        if (threePhase)
        {
            _end1 = (2 * pct * t) - 2;
            _size1 = _end1 - _end0;
            _size2 = (t - 1) - _end1;
        }
        else
        {
            _end1 = t - 1;
            _size1 = _end1 - _end0;
            _size2 = _size1;
        }

        _threePhase = threePhase;
        _strategy = strategy;
    }

    /// <summary>Whether the first phase has length 0 (<c>p*T == 1</c>): step 0 would divide 0 by 0.</summary>
    public bool FirstPhaseIsEmpty => _size0 == 0;

    /// <summary>Whether a later phase has length 0: step <c>T</c> would divide by zero.</summary>
    public bool LaterPhaseIsEmpty => _size1 == 0 || _size2 == 0;

    /// <summary>
    /// The value at <paramref name="step"/> of a curve that runs <paramref name="v0"/> → <paramref name="v1"/> in the
    /// first phase, <paramref name="v1"/> → <paramref name="v2"/> in the second and, with three phases,
    /// <paramref name="v2"/> → <paramref name="v3"/> in the third. The caller checks the step's range.
    /// </summary>
    public double At(long step, double v0, double v1, double v2, double v3)
    {
        double s = step;
        if (s <= _end0)
        {
            return Interpolate(v0, v1, s / _size0);
        }

        if (!_threePhase || s <= _end1)
        {
            return Interpolate(v1, v2, (s - _end0) / _size1);
        }

        return Interpolate(v2, v3, (s - _end1) / _size2);
    }

    private double Interpolate(double start, double end, double pct)
        => _strategy == AnnealStrategy.Cos
            ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1))
            : ((end - start) * pct) + start;
}
