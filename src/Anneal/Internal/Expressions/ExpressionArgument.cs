namespace Anneal.Internal.Expressions;

/// <summary>Turns expression text given as a C# argument into a <see cref="PyExpression"/>, with argument exceptions.</summary>
internal static class ExpressionArgument
{
    /// <summary>Parses <paramref name="text"/>, mapping a syntax error to an <see cref="ArgumentException"/> naming <paramref name="paramName"/>.</summary>
    public static PyExpression Parse(string text, string variable, string paramName)
    {
        Guard.NotNull(text, paramName);
        try
        {
            return PyExpression.Parse(text, variable);
        }
        catch (ExpressionSyntaxException ex)
        {
            throw Guard.Invalid(paramName, text, $"is not a valid Python expression in '{variable}': {ex.Message}");
        }
    }

    /// <summary>Evaluates once at <paramref name="at"/> so that an expression that cannot work fails at construction.</summary>
    public static void CheckAt(PyExpression expression, double at, string paramName)
    {
        double value;
        try
        {
            value = expression.Evaluate(at);
        }
        catch (ArithmeticException ex)
        {
            throw Guard.Invalid(paramName, expression.Text, $"fails at {expression.Variable} = {at}: {ex.Message}");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Guard.Invalid(paramName, expression.Text, $"fails at {expression.Variable} = {at}: {ex.Message}");
        }

        if (!double.IsFinite(value))
        {
            throw Guard.Invalid(paramName, expression.Text, $"gives {Guard.Format(value)} at {expression.Variable} = {at}; it must give finite numbers");
        }
    }

    /// <summary>Refuses a non-finite learning rate produced by an expression.</summary>
    public static double Finite(double lr, PyExpression expression, long step)
    {
        if (!double.IsFinite(lr))
        {
            Throw(lr, expression, step);
        }

        return lr;
    }

    private static void Throw(double lr, PyExpression expression, long step)
        => throw new ArithmeticException($"'{expression.Text}' makes the learning rate {Guard.Format(lr)} at step {step}; learning rates must be finite");
}
