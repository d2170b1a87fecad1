using System.Globalization;
using System.Text;

namespace Anneal.Specs;

/// <summary>
/// Reads spec text into a syntax tree. Grammar (DESIGN.md):
/// <code>
/// spec   := name '(' [arg (',' arg)*] ')'
/// arg    := identifier '=' value
/// value  := number | string | true | false | None | '[' [value (',' value)*] ']' | spec
/// </code>
/// A trailing comma is accepted in argument lists and lists, as Python accepts it.
/// </summary>
internal sealed class SpecParser
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private SpecParser(string text) => _text = text;

    /// <summary>Parses a whole spec; anything after the closing parenthesis is an error.</summary>
    public static SpecCall Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new SpecParser(text);
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            throw new SpecException("empty spec: expected a schedule such as 'StepDecay(learning_rate=0.1, step_size=30)'", 0);
        }

        var call = parser.ParseCall();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{parser.Current}' after the end of the spec");
        }

        return call;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    private SpecCall ParseCall()
    {
        var start = _pos;
        var name = ReadIdentifier(allowDots: true)
            ?? throw Error(AtEnd ? "expected a schedule name, found the end of the spec" : $"expected a schedule name, found '{Current}'");
        SkipSpace();
        if (Current != '(')
        {
            throw Error(AtEnd ? $"expected '(' after '{name}', found the end of the spec" : $"expected '(' after '{name}', found '{Current}'");
        }

        if (++_depth > MaxDepth)
        {
            throw Error($"specs nest at most {MaxDepth} deep");
        }

        _pos++;
        var args = new List<SpecArg>();
        SkipSpace();
        while (Current != ')')
        {
            if (AtEnd)
            {
                throw Error($"unclosed '(' of {name} opened at position {start}");
            }

            var argStart = _pos;
            var argName = ReadIdentifier(allowDots: false);
            SkipSpace();
            if (argName is null || Current != '=')
            {
                _pos = argStart;
                throw Error($"expected 'name=value' in the arguments of {name}, found '{Snippet()}' (arguments are written by name, e.g. learning_rate=0.1)");
            }

            _pos++;
            SkipSpace();
            var value = ParseValue();
            args.Add(new SpecArg(argName, value, argStart));
            SkipSpace();
            if (Current == ',')
            {
                _pos++;
                SkipSpace();
            }
            else if (Current != ')')
            {
                throw Error(AtEnd ? $"unclosed '(' of {name} opened at position {start}" : $"expected ',' or ')' in the arguments of {name}, found '{Current}'");
            }
        }

        _pos++;
        _depth--;
        return new SpecCall(name, args, start);
    }

    private SpecValue ParseValue()
    {
        var start = _pos;
        var c = Current;
        if (AtEnd)
        {
            throw Error("expected a value, found the end of the spec");
        }

        if (c == '\'' || c == '"')
        {
            return new SpecString(ReadString(), start);
        }

        if (c == '[')
        {
            return ParseList();
        }

        if (char.IsDigit(c) || c == '-' || c == '+' || c == '.')
        {
            return ReadNumber();
        }

        if (char.IsLetter(c) || c == '_')
        {
            var save = _pos;
            var word = ReadIdentifier(allowDots: true)!;
            switch (word)
            {
                case "True" or "true":
                    return new SpecBool(true, start);
                case "False" or "false":
                    return new SpecBool(false, start);
                case "None" or "null":
                    return new SpecNone(start);
                case "inf" or "nan" or "Infinity" or "NaN":
                    _pos = start;
                    throw Error($"'{word}' is not allowed: values must be finite numbers");
            }

            SkipSpace();
            if (Current == '(')
            {
                _pos = save;
                return ParseCall();
            }

            _pos = start;
            throw Error($"unexpected name '{word}': expected a number, a quoted string, True, False, None, a list or a schedule");
        }

        throw Error($"unexpected '{c}': expected a number, a quoted string, True, False, None, a list or a schedule");
    }

    private SpecList ParseList()
    {
        var start = _pos;
        _pos++;
        var items = new List<SpecValue>();
        SkipSpace();
        while (Current != ']')
        {
            if (AtEnd)
            {
                throw Error($"unclosed '[' opened at position {start}");
            }

            items.Add(ParseValue());
            SkipSpace();
            if (Current == ',')
            {
                _pos++;
                SkipSpace();
            }
            else if (Current != ']')
            {
                throw Error(AtEnd ? $"unclosed '[' opened at position {start}" : $"expected ',' or ']' in a list, found '{Current}'");
            }
        }

        _pos++;
        return new SpecList(items, start);
    }

    private SpecNumber ReadNumber()
    {
        var start = _pos;
        if (Current is '-' or '+')
        {
            _pos++;
        }

        var digitsStart = _pos;
        var isInteger = true;
        while (char.IsDigit(Current) || Current == '_')
        {
            _pos++;
        }

        if (Current == '.')
        {
            isInteger = false;
            _pos++;
            while (char.IsDigit(Current) || Current == '_')
            {
                _pos++;
            }
        }

        if (_pos == digitsStart || (_pos == digitsStart + 1 && _text[digitsStart] == '.'))
        {
            _pos = start;
            throw Error($"malformed number '{Snippet()}'");
        }

        if (Current is 'e' or 'E')
        {
            isInteger = false;
            _pos++;
            if (Current is '-' or '+')
            {
                _pos++;
            }

            var expStart = _pos;
            while (char.IsDigit(Current))
            {
                _pos++;
            }

            if (_pos == expStart)
            {
                _pos = start;
                throw Error($"malformed number '{Snippet()}'");
            }
        }

        if (char.IsLetter(Current) || Current is '_' or '.')
        {
            _pos = start;
            throw Error($"malformed number '{Snippet()}'");
        }

        var text = _text[start.._pos];
        var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (isInteger)
        {
            if (!long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                _pos = start;
                throw Error($"integer '{text}' is out of range (at most {long.MaxValue})");
            }

            return new SpecNumber(integer, integer, text, start);
        }

        var value = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            _pos = start;
            throw Error($"number '{text}' is out of range for a double");
        }

        return new SpecNumber(value, null, text, start);
    }

    private string ReadString()
    {
        var start = _pos;
        var quote = Current;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                _pos = start;
                throw Error("unterminated string");
            }

            var c = Current;
            _pos++;
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\' && !AtEnd)
            {
                c = Current;
                _pos++;
            }

            sb.Append(c);
        }
    }

    private string? ReadIdentifier(bool allowDots)
    {
        var start = _pos;
        if (!(char.IsLetter(Current) || Current == '_'))
        {
            return null;
        }

        while (char.IsLetterOrDigit(Current) || Current == '_' || (allowDots && Current == '.' && _pos + 1 < _text.Length && (char.IsLetter(_text[_pos + 1]) || _text[_pos + 1] == '_')))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            _pos++;
        }
    }

    private string Snippet()
    {
        var end = _pos;
        while (end < _text.Length && end - _pos < 20 && _text[end] is not (',' or ')' or ']') && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        return end == _pos ? (AtEnd ? "end of spec" : _text[_pos].ToString()) : _text[_pos..end];
    }

    private SpecException Error(string message) => new($"{message} (at position {_pos})", _pos);
}
