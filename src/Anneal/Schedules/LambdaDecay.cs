using Anneal.Internal;
using Anneal.Internal.Expressions;
using Anneal.Specs;

namespace Anneal;

/// <summary>
/// The learning rate times a function of the epoch (Paddle <c>paddle.optimizer.lr.LambdaDecay</c>, PyTorch
/// <c>LambdaLR</c> for one param group). The function is a Python expression in <c>epoch</c>, so a Paddle lambda
/// body ports as is and the schedule stays data. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para><c>lr(e) = learning_rate * lr_lambda(e)</c>.</para>
/// <para>The expression may use numbers, <c>epoch</c>, <c>+ - * / // % **</c> with Python's meaning, comparisons,
/// <c>and or not</c>, <c>a if c else b</c>, <c>exp log log10 sqrt sin cos tan abs min max floor ceil pow</c> (also as
/// <c>math.cos</c>) and the constants <c>pi</c> and <c>e</c>. A leading <c>lambda epoch:</c> is accepted.</para>
/// <para>Spec: <c>LambdaDecay(learning_rate, lr_lambda)</c>, e.g. <c>LambdaDecay(learning_rate=0.5, lr_lambda='0.95 ** epoch')</c>.</para>
/// </remarks>
/// <example>
/// <c>new LambdaDecay(0.5, "0.95 ** epoch")</c> gives 0.5, 0.475, 0.45125, ...
/// </example>
public sealed class LambdaDecay : Schedule
{
    internal static readonly ScheduleDescriptor Descriptor = new(
        "LambdaDecay",
        [
            ParamSpec.Req("learning_rate", "learningRate", ParamKind.Real),
            ParamSpec.Req("lr_lambda", "lrLambda", ParamKind.Expression),
        ],
        a => new LambdaDecay(a.Real("learning_rate"), a.Expression("lr_lambda")!));

    private readonly PyExpression _lambda;

    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The base learning rate (Paddle <c>learning_rate</c>), finite and ≥ 0.</param>
    /// <param name="lrLambda">The factor as a Python expression in <c>epoch</c> (Paddle <c>lr_lambda</c>), e.g. <c>"0.95 ** epoch"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="lrLambda"/> does not parse, or fails at epoch 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    public LambdaDecay(double learningRate, string lrLambda)
        : this(learningRate, ExpressionArgument.Parse(lrLambda, "epoch", nameof(lrLambda)))
    {
    }

    internal LambdaDecay(double learningRate, PyExpression lrLambda)
    {
        LearningRate = Guard.NonNegative(learningRate);
        _lambda = lrLambda;

        // Paddle calls the lambda once in its constructor, at epoch 0: fail here, not mid-training.
        ExpressionArgument.CheckAt(lrLambda, 0, "lrLambda");
    }

    /// <summary>The base learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The factor, as the Python expression text.</summary>
    public string LrLambda => _lambda.Text;

    private protected override ScheduleDescriptor SpecDescriptor => Descriptor;

    /// <inheritdoc />
    /// <exception cref="DivideByZeroException">The expression divides by zero at this step.</exception>
    /// <exception cref="ArithmeticException">The expression fails (domain error, overflow) or gives NaN or an infinity at this step.</exception>
    public override double At(long step)
    {
        CheckStep(step);
        return ExpressionArgument.Finite(LearningRate * _lambda.Evaluate(step), _lambda, step);
    }

    internal override SpecCall ToSpec() => Descriptor.Call(("learning_rate", LearningRate), ("lr_lambda", _lambda));
}
