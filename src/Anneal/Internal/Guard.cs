using System.Globalization;
using System.Runtime.CompilerServices;

namespace Anneal.Internal;

/// <summary>
/// The one place where arguments are checked. Every failure is an exception of the
/// <see cref="ArgumentException"/> family whose <see cref="ArgumentException.ParamName"/> is the C# parameter
/// name and whose message states the value and what is allowed. The bare requirement ("must be &gt; 0") is kept in
/// <see cref="Exception.Data"/> under <see cref="RequirementKey"/>, so that spec errors can be phrased in spec terms.
/// </summary>
internal static class Guard
{
    /// <summary>The <see cref="Exception.Data"/> key that holds the bare requirement text.</summary>
    public const string RequirementKey = "Anneal.Requirement";

    /// <summary>The <see cref="Exception.Data"/> key that holds the offending value, formatted.</summary>
    public const string ValueKey = "Anneal.Value";

    /// <summary>Refuses NaN and infinities.</summary>
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value))
        {
            throw OutOfRange(paramName, value, "must be a finite number");
        }

        return value;
    }

    /// <summary>Requires a finite value &gt; 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        Finite(value, paramName);
        if (!(value > 0))
        {
            throw OutOfRange(paramName, value, "must be > 0");
        }

        return value;
    }

    /// <summary>Requires a finite value &gt;= 0.</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        Finite(value, paramName);
        if (!(value >= 0))
        {
            throw OutOfRange(paramName, value, "must be >= 0");
        }

        return value;
    }

    /// <summary>Requires an integer &gt; 0.</summary>
    public static long Positive(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value <= 0)
        {
            throw OutOfRange(paramName, value, "must be an integer > 0");
        }

        return value;
    }

    /// <summary>Requires an integer &gt;= 0.</summary>
    public static long NonNegative(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0)
        {
            throw OutOfRange(paramName, value, "must be an integer >= 0");
        }

        return value;
    }

    /// <summary>
    /// Requires a finite value inside an interval. The interval is written in the message in the usual notation,
    /// for example <c>(0, 1)</c> or <c>[0, 1]</c>.
    /// </summary>
    public static double InRange(
        double value,
        double min,
        double max,
        bool minInclusive,
        bool maxInclusive,
        [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        Finite(value, paramName);
        var aboveMin = minInclusive ? value >= min : value > min;
        var belowMax = maxInclusive ? value <= max : value < max;
        if (!aboveMin || !belowMax)
        {
            var interval = string.Create(
                CultureInfo.InvariantCulture,
                $"{(minInclusive ? '[' : '(')}{Format(min)}, {Format(max)}{(maxInclusive ? ']' : ')')}");
            throw OutOfRange(paramName, value, "must be in " + interval);
        }

        return value;
    }

    /// <summary>Requires a reference to be non-null.</summary>
    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class
        => value ?? throw WithRequirement(new ArgumentNullException(paramName, paramName + " must not be null"), "must not be null", "null");

    /// <summary>Throws when <paramref name="condition"/> is false, with the given requirement.</summary>
    public static void Require(bool condition, string paramName, object? value, string requirement)
    {
        if (!condition)
        {
            throw OutOfRange(paramName, value, requirement);
        }
    }

    /// <summary>Builds the exception for a value outside what is allowed.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string? paramName, object? value, string requirement)
    {
        var shown = FormatValue(value);
        var ex = new ArgumentOutOfRangeException(paramName, value, $"{paramName} = {shown} {requirement}.");
        return WithRequirement(ex, requirement, shown);
    }

    /// <summary>Builds an <see cref="ArgumentException"/> (not a range problem: a wrong kind of value).</summary>
    public static ArgumentException Invalid(string? paramName, object? value, string requirement)
    {
        var shown = FormatValue(value);
        var ex = new ArgumentException($"{paramName} = {shown} {requirement}.", paramName);
        return WithRequirement(ex, requirement, shown);
    }

    /// <summary>Formats a value the way spec text writes it.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "None",
        double d => Format(d),
        float f => Format(f),
        string s => "'" + s + "'",
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(FormatValue)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Shortest round-trip form of a double, Python style (<c>1.0</c>, <c>0.1</c>, <c>1e-08</c>, <c>inf</c>).</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var s = value.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E', StringComparison.Ordinal))
        {
            // .NET writes 1E-08 / 1E+20; Python writes 1e-08 / 1e+20.
            s = s.Replace("E", "e", StringComparison.Ordinal);
        }
        else if (!s.Contains('.', StringComparison.Ordinal))
        {
            s += ".0";
        }

        return s;
    }

    private static TException WithRequirement<TException>(TException ex, string requirement, string shownValue)
        where TException : Exception
    {
        ex.Data[RequirementKey] = requirement;
        ex.Data[ValueKey] = shownValue;
        return ex;
    }
}
