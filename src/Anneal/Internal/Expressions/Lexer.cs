using System.Globalization;
using System.Numerics;

namespace Anneal.Internal.Expressions;

/// <summary>The kinds of token of the expression language.</summary>
internal enum PyTokenKind
{
    End,
    Number,
    Name,
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    NotEqual,
    LeftParen,
    RightParen,
    Comma,
    Dot,
    Colon,
}

/// <summary>One token: its kind, where it is in the original text and, for numbers, its value.</summary>
internal readonly struct PyToken
{
    public PyToken(PyTokenKind kind, int start, int length, double value = 0)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Value = value;
    }

    public PyTokenKind Kind { get; }

    public int Start { get; }

    public int Length { get; }

    public double Value { get; }
}

/// <summary>Splits expression text into tokens, following Python's rules for numbers and names.</summary>
internal static class PyLexer
{
    /// <summary>Keywords that Python accepts right after a number without a space (<c>1if x else 2</c>).</summary>
    private static readonly string[] KeywordsAfterNumber = ["and", "else", "if", "in", "is", "not", "or"];

    /// <summary>
    /// Tokenizes the whole original text; positions are offsets into it. The last token is always
    /// <see cref="PyTokenKind.End"/>, placed right after the last non-blank character.
    /// </summary>
    public static List<PyToken> Tokenize(string text)
    {
        var tokens = new List<PyToken>();
        var i = 0;
        var n = text.Length;
        while (true)
        {
            while (i < n && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= n)
            {
                break;
            }

            var c = text[i];
            if (IsDigit(c) || (c == '.' && i + 1 < n && IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }

            if (IsNameStart(c))
            {
                var start = i;
                i++;
                while (i < n && IsNamePart(text[i]))
                {
                    i++;
                }

                tokens.Add(new PyToken(PyTokenKind.Name, start, i - start));
                continue;
            }

            var next = i + 1 < n ? text[i + 1] : '\0';
            var (kind, length) = c switch
            {
                '+' => (PyTokenKind.Plus, 1),
                '-' => (PyTokenKind.Minus, 1),
                '*' => next == '*' ? (PyTokenKind.DoubleStar, 2) : (PyTokenKind.Star, 1),
                '/' => next == '/' ? (PyTokenKind.DoubleSlash, 2) : (PyTokenKind.Slash, 1),
                '%' => (PyTokenKind.Percent, 1),
                '<' => next == '=' ? (PyTokenKind.LessEqual, 2) : (PyTokenKind.Less, 1),
                '>' => next == '=' ? (PyTokenKind.GreaterEqual, 2) : (PyTokenKind.Greater, 1),
                '=' when next == '=' => (PyTokenKind.EqualEqual, 2),
                '!' when next == '=' => (PyTokenKind.NotEqual, 2),
                '(' => (PyTokenKind.LeftParen, 1),
                ')' => (PyTokenKind.RightParen, 1),
                ',' => (PyTokenKind.Comma, 1),
                '.' => (PyTokenKind.Dot, 1),
                ':' => (PyTokenKind.Colon, 1),
                _ => throw UnexpectedCharacter(text, i),
            };
            tokens.Add(new PyToken(kind, i, length));
            i += length;
        }

        var end = n;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        tokens.Add(new PyToken(PyTokenKind.End, end, 0));
        return tokens;
    }

    private static ExpressionSyntaxException UnexpectedCharacter(string text, int i)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        var hint = c switch
        {
            '=' => "use '==' to compare",
            '!' => "use 'not' for negation",
            '&' => "use 'and'",
            '|' => "use 'or'",
            '^' => "use '**' for powers",
            '\'' or '"' => "strings are not supported",
            _ => null,
        };
        if (c == '&' && next == '&')
        {
            return ExpressionSyntaxException.At("unexpected '&&'", i, hint);
        }

        if (c == '|' && next == '|')
        {
            return ExpressionSyntaxException.At("unexpected '||'", i, hint);
        }

        var shown = char.IsControl(c)
            ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)
            : c.ToString();
        return ExpressionSyntaxException.At("unexpected character '" + shown + "'", i, hint);
    }

    private static PyToken ReadNumber(string text, ref int i)
    {
        var start = i;
        var n = text.Length;
        double value;
        if (text[i] == '0' && i + 1 < n && RadixOf(text[i + 1]) is var radix and > 0)
        {
            i += 2;
            if (i + 1 < n && text[i] == '_' && IsRadixDigit(text[i + 1], radix))
            {
                i++;
            }

            if (i >= n || !IsRadixDigit(text[i], radix))
            {
                throw InvalidNumber(text, start, i);
            }

            var digitsStart = i;
            ReadDigits(text, ref i, radix);
            CheckEndOfNumber(text, start, i);
            var big = BigInteger.Zero;
            for (var k = digitsStart; k < i; k++)
            {
                if (text[k] != '_')
                {
                    big = (big * radix) + HexValue(text[k]);
                }
            }

            // Through the decimal string, so that the conversion is correctly rounded as in Python.
            value = double.Parse(big.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value))
            {
                throw ExpressionSyntaxException.At("integer literal too large to convert to float", start);
            }

            return new PyToken(PyTokenKind.Number, start, i - start, value);
        }

        var isFloat = false;
        if (text[i] != '.')
        {
            ReadDigits(text, ref i, 10);
        }

        if (i < n && text[i] == '.')
        {
            isFloat = true;
            i++;
            if (i < n && IsDigit(text[i]))
            {
                ReadDigits(text, ref i, 10);
            }
        }

        if (i < n && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < n && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < n && IsDigit(text[j]))
            {
                isFloat = true;
                i = j;
                ReadDigits(text, ref i, 10);
            }
        }

        CheckEndOfNumber(text, start, i);
        var literal = text.Substring(start, i - start).Replace("_", string.Empty, StringComparison.Ordinal);
        if (!isFloat && literal.Length > 1 && literal[0] == '0' && literal.AsSpan().IndexOfAnyExcept('0') >= 0)
        {
            throw ExpressionSyntaxException.At(
                "leading zeros in decimal integer literals are not permitted",
                start,
                "use an 0o prefix for octal integers");
        }

        value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!isFloat && double.IsInfinity(value))
        {
            throw ExpressionSyntaxException.At("integer literal too large to convert to float", start);
        }

        return new PyToken(PyTokenKind.Number, start, i - start, value);
    }

    /// <summary>Reads <c>digit (['_'] digit)*</c>; the caller has checked that the first character is a digit.</summary>
    private static void ReadDigits(string text, ref int i, int radix)
    {
        var n = text.Length;
        i++;
        while (i < n)
        {
            if (IsRadixDigit(text[i], radix))
            {
                i++;
            }
            else if (text[i] == '_' && i + 1 < n && IsRadixDigit(text[i + 1], radix))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>
    /// A number may not run into a name or digit (<c>2x</c>, <c>1_</c>, <c>0b12</c>), except into one of the keywords
    /// Python tolerates there.
    /// </summary>
    private static void CheckEndOfNumber(string text, int start, int i)
    {
        if (i >= text.Length || !IsNamePart(text[i]))
        {
            return;
        }

        var end = i;
        while (end < text.Length && IsNamePart(text[end]))
        {
            end++;
        }

        var word = text.AsSpan(i, end - i);
        foreach (var keyword in KeywordsAfterNumber)
        {
            if (word.SequenceEqual(keyword))
            {
                return;
            }
        }

        throw InvalidNumber(text, start, end);
    }

    private static ExpressionSyntaxException InvalidNumber(string text, int start, int end)
    {
        while (end < text.Length && IsNamePart(text[end]))
        {
            end++;
        }

        return ExpressionSyntaxException.At("invalid number literal '" + text[start..end] + "'", start);
    }

    private static int RadixOf(char c) => c switch
    {
        'x' or 'X' => 16,
        'o' or 'O' => 8,
        'b' or 'B' => 2,
        _ => 0,
    };

    private static bool IsRadixDigit(char c, int radix) => radix switch
    {
        16 => char.IsAsciiHexDigit(c),
        8 => c is >= '0' and <= '7',
        2 => c is '0' or '1',
        _ => IsDigit(c),
    };

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsNameStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsNamePart(char c) => c == '_' || char.IsLetterOrDigit(c);
}
