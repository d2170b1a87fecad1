using Anneal.Internal;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Multiplies a schedule by a constant factor: <c>lr(e) = learning_rate.At(e) * factor</c>. Useful to reuse a
/// shape at another peak, or for per-layer multipliers. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>Spec: <c>Scale(learning_rate=&lt;schedule&gt;, factor)</c>.</remarks>
public sealed class Scale : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "Scale",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Schedule),
            ParamSpec.Req("factor", "factor", ParamKind.Real),
        ],
        a => new Scale(ComposeArgument.Schedule(a.Definition("learning_rate"), "learningRate"), a.Real("factor")));

    /// <summary>Creates the scaled schedule.</summary>
    /// <param name="learningRate">The schedule to scale.</param>
    /// <param name="factor">The factor, finite and ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is negative, NaN or infinite.</exception>
    public Scale(Schedule learningRate, double factor)
    {
        Inner = Guard.NotNull(learningRate);
        Factor = Guard.NonNegative(factor);
    }

    /// <summary>The scaled schedule.</summary>
    public Schedule Inner { get; }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    public override double At(long step) => Inner.At(step) * Factor;

    internal override SpecCall ToSpec() => Descriptor.Call(("learning_rate", Inner), ("factor", Factor));
}
