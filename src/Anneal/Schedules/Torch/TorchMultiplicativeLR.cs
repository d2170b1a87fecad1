using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The learning rate times the product of a function over the epochs so far (PyTorch
/// <c>torch.optim.lr_scheduler.MultiplicativeLR</c>; Paddle <c>MultiplicativeDecay</c>). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(0) = lr</c>, <c>lr(e) = lr(e-1) * lr_lambda(e)</c>: PyTorch's recursion, whose initial step leaves
/// the rate unchanged. Computed by <see cref="MultiplicativeDecay"/>, whose product <c>lr * lr_lambda(1) * ... *
/// lr_lambda(e)</c> is multiplied in the same order, so the values are PyTorch's bit for bit; a scheduler stepping one
/// epoch at a time does one multiplication per step. An explicit epoch gives the product up to it (PyTorch would
/// multiply the current rate by <c>lr_lambda(epoch)</c> once).</para>
/// <para>Inside <see cref="TorchSequentialLR"/> it may only come first: at a later milestone PyTorch continues from
/// the previous scheduler's last rate (times <c>lr_lambda(0)</c>), not from <c>lr</c>.</para>
/// <para>Spec: <c>torch.MultiplicativeLR(lr, lr_lambda)</c>, e.g. <c>torch.MultiplicativeLR(lr=0.05, lr_lambda='0.95')</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchMultiplicativeLR(0.5, "0.95")</c> gives 0.5, 0.475, 0.45125, ...
/// </example>
public sealed class TorchMultiplicativeLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.MultiplicativeLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("lr_lambda", "lrLambda", ParamKind.Expression),
        ],
        a => new TorchMultiplicativeLR(a.Real("lr"), a.Expression("lr_lambda")!));

    private readonly MultiplicativeDecay _product;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="lrLambda">The per-epoch factor as a Python expression in <c>epoch</c> (PyTorch <c>lr_lambda</c>), e.g. <c>"0.95"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="lrLambda"/> does not parse, or fails at epoch 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite.</exception>
    public TorchMultiplicativeLR(double lr, string lrLambda)
        : this(lr, ExpressionArgument.Parse(lrLambda, "epoch", nameof(lrLambda)))
    {
    }

    internal TorchMultiplicativeLR(double lr, PyExpression lrLambda)
    {
        Guard.NonNegative(lr);
        _product = new MultiplicativeDecay(lr, lrLambda);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr => _product.LearningRate;

    /// <summary>The per-epoch factor, as the Python expression text.</summary>
    public string LrLambda => _product.LrLambda;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="DivideByZeroException">The expression divides by zero at some epoch up to this step.</exception>
    /// <exception cref="ArithmeticException">The expression fails or the product becomes NaN or infinite.</exception>
    public override double At(long step) => _product.At(step);

    internal override double Next(long step, double previous) => _product.Next(step, previous);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("lr_lambda", LrLambda));
}
