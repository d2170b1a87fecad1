using System.Globalization;

namespace Anneal.Internal.Expressions;

/// <summary>
/// A parsed expression in the Python-compatible subset that <c>lr_lambda</c> and <c>scale_fn</c> accept: numbers,
/// one variable, <c>+ - * / // % **</c> with Python's float semantics, comparisons (chained), <c>and or not</c>,
/// <c>a if c else b</c>, the functions <c>exp log log10 sqrt sin cos tan abs min max floor ceil pow</c> (optionally
/// as <c>math.cos</c>) and the constants <c>pi</c>, <c>e</c>, <c>True</c>, <c>False</c>. A leading
/// <c>lambda epoch:</c> is accepted so that a Python lambda pastes as is.
/// </summary>
/// <remarks>
/// The expression is an immutable tree of <see cref="Node"/>s, so <see cref="Evaluate"/> is thread-safe and does not
/// allocate. Where Python raises, evaluation throws: <see cref="DivideByZeroException"/> for ZeroDivisionError,
/// <see cref="ArgumentOutOfRangeException"/> for a math domain error (ValueError), <see cref="OverflowException"/> for
/// OverflowError and <see cref="ArithmeticException"/> where Python would produce a complex number.
/// </remarks>
internal sealed class PyExpression
{
    private readonly Node _root;

    private PyExpression(string text, string variable, Node root)
    {
        Text = text;
        Variable = variable;
        _root = root;
    }

    /// <summary>The text exactly as given, trimmed; used to print the spec back.</summary>
    public string Text { get; }

    /// <summary>The name of the free variable (<c>epoch</c> or <c>x</c>).</summary>
    public string Variable { get; }

    /// <summary>
    /// Parses <paramref name="text"/> with one free variable named <paramref name="variable"/>. An optional leading
    /// <c>lambda &lt;variable&gt;:</c> is accepted; any other lambda parameter is an error that names the expected one.
    /// </summary>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression.</exception>
    public static PyExpression Parse(string text, string variable)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variable);
        if (!PyParser.IsValidVariableName(variable))
        {
            throw new ArgumentException(
                $"variable = '{variable}' must be an identifier that is not a keyword, function or constant name.",
                nameof(variable));
        }

        var trimmed = text.Trim();
        var context = new ExpressionContext(trimmed, variable);
        var root = PyParser.Parse(text, variable, context);
        return new PyExpression(trimmed, variable, root);
    }

    /// <summary>Evaluates the expression with the variable set to <paramref name="value"/>. Does not allocate.</summary>
    /// <exception cref="DivideByZeroException">Division, floor division or modulo by zero, or 0.0 to a negative power.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A math domain error, such as <c>log(0)</c> or <c>sqrt(-1)</c>.</exception>
    /// <exception cref="ArithmeticException">An overflow, or a negative number to a fractional power.</exception>
    public double Evaluate(double value) => _root.Eval(value);

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>
/// A syntax error in an expression. The message is one line and contains the position, for example
/// <c>unexpected ')' at position 7</c>.
/// </summary>
internal sealed class ExpressionSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full one-line message.</param>
    /// <param name="position">The 0-based offset into the original text.</param>
    public ExpressionSyntaxException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>The 0-based character offset into the original (untrimmed) text where the problem is.</summary>
    public int Position { get; }

    /// <summary>Builds the exception with the message <c>"{what} at position {position}[; {hint}]"</c>.</summary>
    internal static ExpressionSyntaxException At(string what, int position, string? hint = null)
    {
        var message = what + " at position " + position.ToString(CultureInfo.InvariantCulture);
        if (hint is not null)
        {
            message += "; " + hint;
        }

        return new ExpressionSyntaxException(message, position);
    }
}

/// <summary>
/// What the nodes that can fail at run time need to write their messages: the expression text and the variable name.
/// </summary>
internal sealed class ExpressionContext
{
    public ExpressionContext(string text, string variable)
    {
        Text = text;
        Variable = variable;
    }

    public string Text { get; }

    public string Variable { get; }

    /// <summary>Python's ZeroDivisionError.</summary>
    public DivideByZeroException DivisionByZero(string what, double x) => new(Describe(what, x));

    /// <summary>Python's ValueError ("math domain error").</summary>
    public ArgumentOutOfRangeException Domain(string what, double x) => new(paramName: null, message: Describe(what, x));

    /// <summary>Python's OverflowError.</summary>
    public OverflowException Overflow(string what, double x) => new(Describe(what, x));

    /// <summary>A result Python would give as a complex number.</summary>
    public ArithmeticException Complex(string what, double x) => new(Describe(what, x));

    private string Describe(string what, double x) => $"{what} in '{Text}' at {Variable} = {Guard.Format(x)}";
}
