using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The learning rate times the product of a function over the epochs so far (Paddle
/// <c>paddle.optimizer.lr.MultiplicativeDecay</c>, PyTorch <c>MultiplicativeLR</c>). Instances are immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * lr_lambda(1) * lr_lambda(2) * ... * lr_lambda(e)</c>, multiplied left to right,
/// <c>lr(0) = learning_rate</c>. Paddle recomputes the product on every step; <see cref="At"/> does the same (it costs
/// <c>e</c> evaluations), while a scheduler stepping one epoch at a time multiplies the previous value by
/// <c>lr_lambda(e)</c>, which gives the same bits in O(1). An explicit epoch gives the exact product up to it.</para>
/// <para>Spec: <c>MultiplicativeDecay(learning_rate, lr_lambda)</c>, e.g. <c>lr_lambda='0.95'</c>.</para>
/// </remarks>
/// <example>
/// <c>new MultiplicativeDecay(0.5, "0.95")</c> gives 0.5, 0.475, 0.45125, ...
/// </example>
public sealed class MultiplicativeDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "MultiplicativeDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("lr_lambda", "lrLambda", ParamKind.Expression),
        ],
        a => new MultiplicativeDecay(a.Real("learning_rate"), a.Expression("lr_lambda")!));

    private readonly PyExpression _lambda;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The initial learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="lrLambda">The per-epoch factor as a Python expression in <c>epoch</c> (Paddle <c>lr_lambda</c>), e.g. <c>"0.95"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="lrLambda"/> does not parse, or fails at epoch 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    public MultiplicativeDecay(double learningRate, string lrLambda)
        : this(learningRate, ExpressionArgument.Parse(lrLambda, "epoch", nameof(lrLambda)))
    {
    }

    internal MultiplicativeDecay(double learningRate, PyExpression lrLambda)
    {
        LearningRate = Guard.NonNegative(learningRate);
        _lambda = lrLambda;
        ExpressionArgument.CheckAt(lrLambda, 1, "lrLambda");
    }

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The per-epoch factor, as the Python expression text.</summary>
    public string LrLambda => _lambda.Text;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="DivideByZeroException">The expression divides by zero at some epoch up to this step.</exception>
    /// <exception cref="ArithmeticException">The expression fails or the product becomes NaN or infinite.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        var lr = LearningRate;
        for (long e = 1; e <= step; e++)
        {
            lr *= _lambda.Evaluate(e);
        }

        return ExpressionArgument.Finite(lr, _lambda, step);
    }

    internal override double Next(long step, double previous)
        => step == 0 ? LearningRate : ExpressionArgument.Finite(previous * _lambda.Evaluate(step), _lambda, step);

    internal override SpecCall ToSpec() => Descriptor.Call(("learning_rate", LearningRate), ("lr_lambda", _lambda));
}
