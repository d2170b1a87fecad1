using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The learning rate times a function of the epoch (PyTorch <c>torch.optim.lr_scheduler.LambdaLR</c> for one param
/// group; Paddle <c>LambdaDecay</c>). The function is a Python expression in <c>epoch</c>, so a lambda body ports as
/// is. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = lr * lr_lambda(e)</c> (computed by <see cref="LambdaDecay"/>, the same formula). The expression
/// language is the one <see cref="LambdaDecay"/> documents; a leading <c>lambda epoch:</c> is accepted. An
/// expression that fails at epoch 0 is refused at construction (PyTorch calls it there too).</para>
/// <para>PyTorch's LambdaLR overwrites the optimizer's rate rather than multiplying it, which matters only inside
/// <see cref="TorchChainedScheduler"/> (see there).</para>
/// <para>Spec: <c>torch.LambdaLR(lr, lr_lambda)</c>, e.g. <c>torch.LambdaLR(lr=0.05, lr_lambda='0.95 ** epoch')</c>.</para>
/// </remarks>
/// <example>
/// <c>new TorchLambdaLR(0.5, "0.95 ** epoch")</c> gives 0.5, 0.475, 0.45125, ...
/// </example>
public sealed class TorchLambdaLR : Schedule, ITorchSchedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "torch.LambdaLR",
        [
            ParamSpec.Req("lr", "lr", ParamKind.Real),
            ParamSpec.Req("lr_lambda", "lrLambda", ParamKind.Expression),
        ],
        a => new TorchLambdaLR(a.Real("lr"), a.Expression("lr_lambda")!));

    private readonly LambdaDecay _lambda;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lr">The optimizer's learning rate (PyTorch's <c>initial_lr</c>), finite and ≥ 0.</param>
    /// <param name="lrLambda">The factor as a Python expression in <c>epoch</c> (PyTorch <c>lr_lambda</c>), e.g. <c>"0.95 ** epoch"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="lrLambda"/> does not parse, or fails at epoch 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite.</exception>
    public TorchLambdaLR(double lr, string lrLambda)
        : this(lr, ExpressionArgument.Parse(lrLambda, "epoch", nameof(lrLambda)))
    {
    }

    internal TorchLambdaLR(double lr, PyExpression lrLambda)
    {
        Guard.NonNegative(lr);
        _lambda = new LambdaDecay(lr, lrLambda);
    }

    /// <summary>The optimizer's learning rate.</summary>
    public double Lr => _lambda.LearningRate;

    /// <summary>The factor, as the Python expression text.</summary>
    public string LrLambda => _lambda.LrLambda;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="DivideByZeroException">The expression divides by zero at this step.</exception>
    /// <exception cref="ArithmeticException">The expression fails (domain error, overflow) or gives NaN or an infinity at this step.</exception>
    public override double At(long step) => _lambda.At(step);

    internal override SpecCall ToSpec() => Descriptor.Call(("lr", Lr), ("lr_lambda", LrLambda));
}
