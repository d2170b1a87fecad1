namespace Anneal.Internal.Expressions;

/// <summary>
/// A node of an immutable expression tree. <see cref="Eval"/> receives the value of the variable; it must not
/// allocate except to throw. Booleans are 1.0 and 0.0; truth is "not equal to zero", so NaN is true as in Python.
/// </summary>
internal abstract class Node
{
    protected Node(int depth, bool isConstant)
    {
        Depth = depth;
        IsConstant = isConstant;
    }

    /// <summary>The height of the tree below and including this node (a leaf is 1).</summary>
    public int Depth { get; }

    /// <summary>Whether the value does not depend on the variable.</summary>
    public bool IsConstant { get; }

    /// <summary>Evaluates the node with the variable set to <paramref name="x"/>.</summary>
    public abstract double Eval(double x);
}

internal sealed class NumberNode(double value) : Node(1, isConstant: true)
{
    public double Value { get; } = value;

    public override double Eval(double x) => Value;
}

internal sealed class VariableNode() : Node(1, isConstant: false)
{
    public override double Eval(double x) => x;
}

internal abstract class UnaryNode(Node operand) : Node(operand.Depth + 1, operand.IsConstant)
{
    protected Node Operand { get; } = operand;
}

internal abstract class BinaryNode(Node left, Node right)
    : Node(Math.Max(left.Depth, right.Depth) + 1, left.IsConstant && right.IsConstant)
{
    protected Node Left { get; } = left;

    protected Node Right { get; } = right;
}

internal sealed class NegateNode(Node operand) : UnaryNode(operand)
{
    public override double Eval(double x) => -Operand.Eval(x);
}

internal sealed class NotNode(Node operand) : UnaryNode(operand)
{
    public override double Eval(double x) => Operand.Eval(x) == 0 ? 1.0 : 0.0;
}

internal sealed class AddNode(Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x) => Left.Eval(x) + Right.Eval(x);
}

internal sealed class SubtractNode(Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x) => Left.Eval(x) - Right.Eval(x);
}

internal sealed class MultiplyNode(Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x) => Left.Eval(x) * Right.Eval(x);
}

/// <summary><c>a / b</c>: true division; a zero divisor is ZeroDivisionError.</summary>
internal sealed class DivideNode(Node left, Node right, ExpressionContext context) : BinaryNode(left, right)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        var b = Right.Eval(x);
        return b == 0 ? throw context.DivisionByZero("division by zero", x) : a / b;
    }
}

/// <summary><c>a // b</c>: CPython's float floor division.</summary>
internal sealed class FloorDivideNode(Node left, Node right, ExpressionContext context) : BinaryNode(left, right)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        var b = Right.Eval(x);
        return b == 0 ? throw context.DivisionByZero("floor division by zero", x) : PyFloat.FloorDivide(a, b);
    }
}

/// <summary><c>a % b</c>: CPython's float modulo, with the sign of the divisor.</summary>
internal sealed class ModuloNode(Node left, Node right, ExpressionContext context) : BinaryNode(left, right)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        var b = Right.Eval(x);
        return b == 0 ? throw context.DivisionByZero("modulo by zero", x) : PyFloat.Modulo(a, b);
    }
}

/// <summary><c>a ** b</c> and <c>pow(a, b)</c>.</summary>
internal sealed class PowerNode(Node left, Node right, ExpressionContext context) : BinaryNode(left, right)
{
    public override double Eval(double x) => PyFloat.Power(Left.Eval(x), Right.Eval(x), context, x);
}

/// <summary><c>a and b</c>: <c>a</c> if it is false, otherwise <c>b</c> (which is then evaluated).</summary>
internal sealed class AndNode(Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        return a == 0 ? a : Right.Eval(x);
    }
}

/// <summary><c>a or b</c>: <c>a</c> if it is true, otherwise <c>b</c> (which is then evaluated).</summary>
internal sealed class OrNode(Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        return a != 0 ? a : Right.Eval(x);
    }
}

internal enum CompareOp
{
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
}

internal sealed class CompareNode(CompareOp op, Node left, Node right) : BinaryNode(left, right)
{
    public override double Eval(double x) => PyFloat.Compare(op, Left.Eval(x), Right.Eval(x)) ? 1.0 : 0.0;
}

/// <summary>
/// <c>a &lt; b &lt;= c ...</c>: each operand is evaluated at most once, left to right, stopping at the first false
/// comparison, as in Python.
/// </summary>
internal sealed class ChainCompareNode : Node
{
    private readonly Node[] _operands;
    private readonly CompareOp[] _ops;

    public ChainCompareNode(Node[] operands, CompareOp[] ops)
        : base(MaxDepth(operands) + 1, AllConstant(operands))
    {
        _operands = operands;
        _ops = ops;
    }

    public override double Eval(double x)
    {
        var left = _operands[0].Eval(x);
        for (var i = 0; i < _ops.Length; i++)
        {
            var right = _operands[i + 1].Eval(x);
            if (!PyFloat.Compare(_ops[i], left, right))
            {
                return 0.0;
            }

            left = right;
        }

        return 1.0;
    }

    internal static int MaxDepth(Node[] nodes)
    {
        var depth = 0;
        foreach (var node in nodes)
        {
            depth = Math.Max(depth, node.Depth);
        }

        return depth;
    }

    internal static bool AllConstant(Node[] nodes)
    {
        foreach (var node in nodes)
        {
            if (!node.IsConstant)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>body if condition else orElse</c>: only the chosen branch is evaluated.</summary>
internal sealed class ConditionalNode(Node condition, Node body, Node orElse)
    : Node(
        Math.Max(condition.Depth, Math.Max(body.Depth, orElse.Depth)) + 1,
        condition.IsConstant && body.IsConstant && orElse.IsConstant)
{
    public override double Eval(double x) => condition.Eval(x) != 0 ? body.Eval(x) : orElse.Eval(x);
}

/// <summary>The one-argument functions, with Python's errors (math domain error, math range error).</summary>
internal sealed class FunctionNode(FunctionKind kind, Node operand, ExpressionContext context) : UnaryNode(operand)
{
    public override double Eval(double x)
    {
        var a = Operand.Eval(x);
        switch (kind)
        {
            case FunctionKind.Abs:
                return Math.Abs(a);
            case FunctionKind.Floor:
                return ToInteger(Math.Floor(a), a, x);
            case FunctionKind.Ceil:
                return ToInteger(Math.Ceiling(a), a, x);
        }

        var r = kind switch
        {
            FunctionKind.Exp => Math.Exp(a),
            FunctionKind.Log => Math.Log(a),
            FunctionKind.Log10 => Math.Log10(a),
            FunctionKind.Sqrt => Math.Sqrt(a),
            FunctionKind.Sin => Math.Sin(a),
            FunctionKind.Cos => Math.Cos(a),
            _ => Math.Tan(a),
        };

        // CPython's math_1: a NaN from a non-NaN is a domain error; an infinity from a finite value is a range error
        // for exp and a domain error otherwise (log(0)).
        if (double.IsNaN(r) && !double.IsNaN(a))
        {
            throw context.Domain(Call(a) + " is undefined (math domain error)", x);
        }

        if (double.IsInfinity(r) && double.IsFinite(a))
        {
            throw kind == FunctionKind.Exp
                ? context.Overflow(Call(a) + " is too large (math range error)", x)
                : context.Domain(Call(a) + " is undefined (math domain error)", x);
        }

        return r;
    }

    /// <summary>
    /// floor and ceil return a Python int, which NaN and infinities cannot become, and whose zero has no sign
    /// (<c>ceil(-0.5)</c> is <c>0</c>, so <c>ceil(-0.5) / -2</c> is <c>-0.0</c> as in Python).
    /// </summary>
    private double ToInteger(double r, double a, double x)
    {
        if (double.IsFinite(r))
        {
            return r == 0 ? 0.0 : r;
        }

        throw double.IsNaN(r)
            ? context.Domain(Call(a) + ": cannot convert float NaN to integer", x)
            : context.Overflow(Call(a) + ": cannot convert float infinity to integer", x);
    }

    private string Call(double a) => kind.ToString().ToLowerInvariant() + "(" + Guard.Format(a) + ")";
}

/// <summary><c>log(x, base)</c>, which Python computes as <c>log(x) / log(base)</c>.</summary>
internal sealed class LogBaseNode(Node value, Node logBase, ExpressionContext context) : BinaryNode(value, logBase)
{
    public override double Eval(double x)
    {
        var a = Left.Eval(x);
        var b = Right.Eval(x);
        var numerator = Log(a, x);
        var denominator = Log(b, x);
        return denominator == 0
            ? throw context.DivisionByZero("log(" + Guard.Format(a) + ", " + Guard.Format(b) + "): division by zero (base 1)", x)
            : numerator / denominator;
    }

    private double Log(double a, double x)
    {
        var r = Math.Log(a);
        return (double.IsNaN(r) && !double.IsNaN(a)) || (double.IsInfinity(r) && double.IsFinite(a))
            ? throw context.Domain("log(" + Guard.Format(a) + ") is undefined (math domain error)", x)
            : r;
    }
}

/// <summary>
/// <c>min(a, b, ...)</c> and <c>max(a, b, ...)</c> as Python computes them: the first item, replaced by each later one
/// that compares strictly smaller (larger). So ties keep the first, and NaN is kept only when it comes first.
/// </summary>
internal sealed class MinMaxNode : Node
{
    private readonly Node[] _args;
    private readonly bool _isMax;

    public MinMaxNode(Node[] args, bool isMax)
        : base(ChainCompareNode.MaxDepth(args) + 1, ChainCompareNode.AllConstant(args))
    {
        _args = args;
        _isMax = isMax;
    }

    public override double Eval(double x)
    {
        var best = _args[0].Eval(x);
        for (var i = 1; i < _args.Length; i++)
        {
            var item = _args[i].Eval(x);
            if (_isMax ? item > best : item < best)
            {
                best = item;
            }
        }

        return best;
    }
}

/// <summary>Python's float arithmetic where it differs from the obvious C# expression.</summary>
internal static class PyFloat
{
    /// <summary>
    /// <c>a // b</c> for <c>b != 0</c>, as CPython's <c>float_floor_div</c> (<c>_float_div_mod</c> in
    /// Objects/floatobject.c). Not the same as <c>Math.Floor(a / b)</c>: <c>1 // 0.1</c> is 9.0.
    /// </summary>
    public static double FloorDivide(double vx, double wx)
    {
        // C# % on doubles is C's fmod (exact, sign of the dividend).
        var mod = vx % wx;
        var div = (vx - mod) / wx;
        if (mod != 0 && (wx < 0) != (mod < 0))
        {
            div -= 1.0;
        }

        // Snap the quotient to the nearest integral value.
        if (div != 0)
        {
            var floorDiv = Math.Floor(div);
            if (div - floorDiv > 0.5)
            {
                floorDiv += 1.0;
            }

            return floorDiv;
        }

        // div is zero: take the sign of the true quotient.
        return Math.CopySign(0.0, vx / wx);
    }

    /// <summary><c>a % b</c> for <c>b != 0</c>, as CPython's <c>float_rem</c>: the result has the divisor's sign.</summary>
    public static double Modulo(double vx, double wx)
    {
        var mod = vx % wx;
        if (mod != 0)
        {
            if ((wx < 0) != (mod < 0))
            {
                mod += wx;
            }

            return mod;
        }

        return Math.CopySign(0.0, wx);
    }

    /// <summary>
    /// <c>a ** b</c> as CPython's <c>float_pow</c>. <see cref="Math.Pow"/> follows IEEE 754 which agrees with Python
    /// in every case that does not raise; the raising cases all give a NaN or an infinity, so they are only looked for
    /// then.
    /// </summary>
    public static double Power(double a, double b, ExpressionContext context, double x)
    {
        var r = Math.Pow(a, b);
        if (double.IsFinite(r) || double.IsNaN(a) || double.IsNaN(b))
        {
            return r;
        }

        if (a == 0 && b < 0 && double.IsFinite(b))
        {
            throw context.DivisionByZero(
                "0.0 cannot be raised to a negative power (" + Guard.Format(a) + " ** " + Guard.Format(b) + ")", x);
        }

        if (double.IsFinite(a) && double.IsFinite(b))
        {
            if (a < 0 && b != Math.Floor(b))
            {
                throw context.Complex(
                    "(" + Guard.Format(a) + ") ** " + Guard.Format(b) + " is a complex number (negative base, fractional exponent)", x);
            }

            if (double.IsInfinity(r))
            {
                throw context.Overflow(Guard.Format(a) + " ** " + Guard.Format(b) + " is too large (numerical result out of range)", x);
            }
        }

        return r;
    }

    public static bool Compare(CompareOp op, double a, double b) => op switch
    {
        CompareOp.Less => a < b,
        CompareOp.LessEqual => a <= b,
        CompareOp.Greater => a > b,
        CompareOp.GreaterEqual => a >= b,
        CompareOp.Equal => a == b,
        _ => a != b,
    };
}
