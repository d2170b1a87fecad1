namespace Anneal.Internal.Expressions;

/// <summary>
/// Recursive-descent parser for the expression subset, following Python's grammar:
/// <code>
/// expression  := disjunction ['if' disjunction 'else' expression]
/// disjunction := conjunction ('or' conjunction)*
/// conjunction := inversion ('and' inversion)*
/// inversion   := 'not' inversion | comparison
/// comparison  := sum (('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') sum)*
/// sum         := term (('+' | '-') term)*
/// term        := factor (('*' | '/' | '//' | '%') factor)*
/// factor      := ('+' | '-') factor | power
/// power       := primary ['**' factor]
/// primary     := NUMBER | NAME | NAME '(' args ')' | 'math' '.' NAME ['(' args ')'] | '(' expression ')'
/// </code>
/// </summary>
internal sealed class PyParser
{
    /// <summary>The deepest nesting accepted, both of the parse and of the resulting tree.</summary>
    public const int MaxDepth = 200;

    private static readonly string[] Keywords = ["and", "or", "not", "if", "else", "lambda", "True", "False", "None", "is", "in"];

    private static readonly string AllowedFunctions = string.Join(", ", FunctionTable.Names);

    private readonly string _text;
    private readonly string _variable;
    private readonly ExpressionContext _context;
    private readonly List<PyToken> _tokens;
    private int _index;
    private int _depth;

    private PyParser(string text, string variable, ExpressionContext context)
    {
        _text = text;
        _variable = variable;
        _context = context;
        _tokens = PyLexer.Tokenize(text);
    }

    private PyToken Current => _tokens[_index];

    /// <summary>Parses the original (untrimmed) text into a tree; positions in errors are offsets into it.</summary>
    public static Node Parse(string text, string variable, ExpressionContext context)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ExpressionSyntaxException.At("empty expression", 0);
        }

        var parser = new PyParser(text, variable, context);
        return parser.ParseAll();
    }

    /// <summary>Whether <paramref name="name"/> can be the free variable.</summary>
    public static bool IsValidVariableName(string name)
    {
        if (name.Length == 0 || !(name[0] == '_' || char.IsLetter(name[0])))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c == '_' || char.IsLetterOrDigit(c)))
            {
                return false;
            }
        }

        return Array.IndexOf(Keywords, name) < 0
            && FunctionTable.Find(name) is null
            && name is not ("pi" or "e" or "math");
    }

    private Node ParseAll()
    {
        if (IsName(Current, "lambda"))
        {
            ParseLambdaHeader();
        }

        var root = ParseExpression();
        if (Current.Kind != PyTokenKind.End)
        {
            throw Unexpected(Current);
        }

        return root;
    }

    /// <summary>Consumes <c>lambda &lt;variable&gt;:</c>.</summary>
    private void ParseLambdaHeader()
    {
        var lambdaToken = Current;
        _index++;
        var parameter = Current;
        var expected = "expected 'lambda " + _variable + ": ...'";
        if (parameter.Kind != PyTokenKind.Name)
        {
            throw ExpressionSyntaxException.At(
                "lambda without the parameter '" + _variable + "'",
                parameter.Kind == PyTokenKind.End ? lambdaToken.Start : parameter.Start,
                expected);
        }

        var name = TextOf(parameter);
        if (name != _variable)
        {
            throw ExpressionSyntaxException.At(
                "unexpected lambda parameter '" + name + "'",
                parameter.Start,
                "expected '" + _variable + "'");
        }

        _index++;
        if (Current.Kind == PyTokenKind.Comma)
        {
            throw ExpressionSyntaxException.At(
                "lambda takes exactly one parameter, '" + _variable + "'",
                Current.Start,
                expected);
        }

        if (Current.Kind != PyTokenKind.Colon)
        {
            throw ExpressionSyntaxException.At("expected ':' after 'lambda " + _variable + "'", Current.Start, expected);
        }

        _index++;
    }

    // expression := disjunction ['if' disjunction 'else' expression]
    private Node ParseExpression()
    {
        var body = ParseOr();
        if (!IsName(Current, "if"))
        {
            return body;
        }

        var ifToken = Current;
        _index++;
        var condition = ParseOr();
        if (!IsName(Current, "else"))
        {
            throw Current.Kind == PyTokenKind.End
                ? ExpressionSyntaxException.At("missing 'else'", Current.Start, "a conditional is written 'a if condition else b'")
                : ExpressionSyntaxException.At(
                    "unexpected " + Describe(Current),
                    Current.Start,
                    "expected 'else'");
        }

        _index++;
        Enter(ifToken.Start);
        var orElse = ParseExpression();
        Exit();
        return Build(new ConditionalNode(condition, body, orElse), ifToken.Start);
    }

    // disjunction := conjunction ('or' conjunction)*
    private Node ParseOr()
    {
        var left = ParseAnd();
        while (IsName(Current, "or"))
        {
            var position = Current.Start;
            _index++;
            var right = ParseAnd();
            left = Build(new OrNode(left, right), position);
        }

        return left;
    }

    // conjunction := inversion ('and' inversion)*
    private Node ParseAnd()
    {
        var left = ParseNot();
        while (IsName(Current, "and"))
        {
            var position = Current.Start;
            _index++;
            var right = ParseNot();
            left = Build(new AndNode(left, right), position);
        }

        return left;
    }

    // inversion := 'not' inversion | comparison
    private Node ParseNot()
    {
        if (!IsName(Current, "not"))
        {
            return ParseComparison();
        }

        var position = Current.Start;
        _index++;
        Enter(position);
        var operand = ParseNot();
        Exit();
        return Build(new NotNode(operand), position);
    }

    // comparison := sum (op sum)*, chained like Python: a < b < c is a < b and b < c, b evaluated once
    private Node ParseComparison()
    {
        var first = ParseSum();
        if (!TryCompareOp(Current.Kind, out var op))
        {
            return first;
        }

        var position = Current.Start;
        var operands = new List<Node> { first };
        var ops = new List<CompareOp>();
        while (TryCompareOp(Current.Kind, out op))
        {
            _index++;
            ops.Add(op);
            operands.Add(ParseSum());
        }

        Node node = ops.Count == 1
            ? new CompareNode(ops[0], operands[0], operands[1])
            : new ChainCompareNode([.. operands], [.. ops]);
        return Build(node, position);
    }

    // sum := term (('+' | '-') term)*
    private Node ParseSum()
    {
        var left = ParseTerm();
        while (Current.Kind is PyTokenKind.Plus or PyTokenKind.Minus)
        {
            var token = Current;
            _index++;
            var right = ParseTerm();
            left = Build(
                token.Kind == PyTokenKind.Plus ? new AddNode(left, right) : new SubtractNode(left, right),
                token.Start);
        }

        return left;
    }

    // term := factor (('*' | '/' | '//' | '%') factor)*
    private Node ParseTerm()
    {
        var left = ParseFactor();
        while (Current.Kind is PyTokenKind.Star or PyTokenKind.Slash or PyTokenKind.DoubleSlash or PyTokenKind.Percent)
        {
            var token = Current;
            _index++;
            var right = ParseFactor();
            Node node = token.Kind switch
            {
                PyTokenKind.Star => new MultiplyNode(left, right),
                PyTokenKind.Slash => new DivideNode(left, right, _context),
                PyTokenKind.DoubleSlash => new FloorDivideNode(left, right, _context),
                _ => new ModuloNode(left, right, _context),
            };
            left = Build(node, token.Start);
        }

        return left;
    }

    // factor := ('+' | '-') factor | power
    private Node ParseFactor()
    {
        if (Current.Kind is not (PyTokenKind.Plus or PyTokenKind.Minus))
        {
            return ParsePower();
        }

        var token = Current;
        _index++;
        Enter(token.Start);
        var operand = ParseFactor();
        Exit();

        // Unary plus returns the float itself in Python, so it needs no node.
        return token.Kind == PyTokenKind.Plus ? operand : Build(new NegateNode(operand), token.Start);
    }

    // power := primary ['**' factor]; right-associative, and the exponent may carry a sign: 2**-1, -2**2 == -(2**2)
    private Node ParsePower()
    {
        var power = ParsePrimary();
        if (Current.Kind != PyTokenKind.DoubleStar)
        {
            return power;
        }

        var position = Current.Start;
        _index++;
        Enter(position);
        var exponent = ParseFactor();
        Exit();
        return Build(new PowerNode(power, exponent, _context), position);
    }

    private Node ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case PyTokenKind.Number:
                _index++;
                return new NumberNode(token.Value);

            case PyTokenKind.LeftParen:
                return ParseParenthesized();

            case PyTokenKind.Name:
                return ParseName();

            default:
                throw Unexpected(token);
        }
    }

    private Node ParseParenthesized()
    {
        var open = Current;
        _index++;
        Enter(open.Start);
        if (Current.Kind == PyTokenKind.RightParen)
        {
            throw ExpressionSyntaxException.At("empty parentheses", open.Start);
        }

        var inner = ParseExpression();
        ExpectClosing(open, "expected ')'");
        Exit();
        return inner;
    }

    private Node ParseName()
    {
        var token = Current;
        var name = TextOf(token);
        _index++;
        var isCall = Current.Kind == PyTokenKind.LeftParen;

        if (name == _variable)
        {
            return isCall ? throw NotAFunction(name, token.Start) : new VariableNode();
        }

        switch (name)
        {
            case "True":
            case "False":
            case "pi":
            case "e":
                return isCall ? throw NotAFunction(name, token.Start) : new NumberNode(ConstantValue(name));
            case "math":
                return ParseMathMember(token);
            case "lambda":
                throw ExpressionSyntaxException.At(
                    "unexpected 'lambda'",
                    token.Start,
                    "'lambda " + _variable + ":' is only allowed at the start");
            case "and":
            case "or":
            case "not":
            case "if":
            case "else":
            case "is":
            case "in":
                throw Unexpected(token);
        }

        var function = FunctionTable.Find(name);
        if (function is not null)
        {
            return isCall
                ? ParseCall(function, name, token.Start)
                : throw ExpressionSyntaxException.At(
                    "missing '(' after function '" + name + "'",
                    Current.Start,
                    "call it, as in " + name + "(" + _variable + ")");
        }

        if (isCall)
        {
            throw UnknownFunction(name, token.Start);
        }

        throw UnknownName(name, token.Start);
    }

    /// <summary>Parses what follows <c>math</c>: <c>.pi</c>, <c>.e</c> or <c>.function(args)</c>.</summary>
    private Node ParseMathMember(PyToken mathToken)
    {
        if (Current.Kind != PyTokenKind.Dot)
        {
            throw ExpressionSyntaxException.At(
                "expected '.' after 'math'",
                Current.Kind == PyTokenKind.End ? mathToken.Start + mathToken.Length : Current.Start,
                "write math.cos(...), math.pi or math.e");
        }

        _index++;
        var member = Current;
        if (member.Kind != PyTokenKind.Name)
        {
            throw ExpressionSyntaxException.At("expected a name after 'math.'", member.Start);
        }

        var name = TextOf(member);
        _index++;
        var isCall = Current.Kind == PyTokenKind.LeftParen;
        if (name is "pi" or "e")
        {
            return isCall ? throw NotAFunction("math." + name, member.Start) : new NumberNode(ConstantValue(name));
        }

        var function = FunctionTable.Find(name);
        if (function is not null)
        {
            return isCall
                ? ParseCall(function, "math." + name, member.Start)
                : throw ExpressionSyntaxException.At(
                    "missing '(' after function 'math." + name + "'",
                    Current.Start,
                    "call it, as in math." + name + "(" + _variable + ")");
        }

        if (isCall)
        {
            throw UnknownFunction("math." + name, member.Start);
        }

        var hint = "allowed after 'math.': pi, e and the functions";
        var suggestion = Suggest(name, ["pi", "e"]);
        if (suggestion is not null)
        {
            hint += "; did you mean 'math." + suggestion + "'?";
        }

        throw ExpressionSyntaxException.At("unknown name 'math." + name + "'", member.Start, hint);
    }

    /// <summary>Parses <c>(arg, ...)</c> after a function name; a trailing comma is allowed, as in Python.</summary>
    private Node ParseCall(FunctionInfo function, string shownName, int namePosition)
    {
        var open = Current;
        _index++;
        Enter(open.Start);
        var args = new List<Node>();
        while (Current.Kind != PyTokenKind.RightParen)
        {
            args.Add(ParseExpression());
            if (Current.Kind != PyTokenKind.Comma)
            {
                break;
            }

            _index++;
        }

        ExpectClosing(open, "expected ',' or ')'");
        Exit();

        if (args.Count < function.MinArgs || args.Count > function.MaxArgs)
        {
            throw ExpressionSyntaxException.At(
                "wrong number of arguments for '" + shownName + "'",
                namePosition,
                "it takes " + function.ArgumentsText + ", got " + args.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Node node = function.Kind switch
        {
            FunctionKind.Log when args.Count == 2 => new LogBaseNode(args[0], args[1], _context),
            FunctionKind.Min => new MinMaxNode([.. args], isMax: false),
            FunctionKind.Max => new MinMaxNode([.. args], isMax: true),
            FunctionKind.Pow => new PowerNode(args[0], args[1], _context),
            _ => new FunctionNode(function.Kind, args[0], _context),
        };
        return Build(node, namePosition);
    }

    /// <summary>Consumes the ')' that closes <paramref name="open"/>, or says what is wrong.</summary>
    private void ExpectClosing(PyToken open, string expected)
    {
        if (Current.Kind == PyTokenKind.RightParen)
        {
            _index++;
            return;
        }

        if (Current.Kind == PyTokenKind.End)
        {
            throw ExpressionSyntaxException.At("unclosed '('", open.Start, "expected ')' before the end");
        }

        throw ExpressionSyntaxException.At("unexpected " + Describe(Current), Current.Start, expected);
    }

    /// <summary>Checks the depth of a new node and folds it into a number when all its inputs are constant.</summary>
    private static Node Build(Node node, int position)
    {
        if (node.Depth > MaxDepth)
        {
            throw TooDeep(position);
        }

        if (!node.IsConstant || node is NumberNode)
        {
            return node;
        }

        try
        {
            return new NumberNode(node.Eval(double.NaN));
        }
        catch (ArithmeticException)
        {
            // Python raises at run time, not at parse time: keep the node so that Evaluate throws.
            return node;
        }
        catch (ArgumentException)
        {
            return node;
        }
    }

    private void Enter(int position)
    {
        if (++_depth > MaxDepth)
        {
            throw TooDeep(position);
        }
    }

    private void Exit() => _depth--;

    private static ExpressionSyntaxException TooDeep(int position)
        => ExpressionSyntaxException.At("expression nested too deeply", position, "the limit is " + MaxDepth + " levels");

    private ExpressionSyntaxException Unexpected(PyToken token)
        => token.Kind == PyTokenKind.End
            ? ExpressionSyntaxException.At("unexpected end of expression", token.Start)
            : ExpressionSyntaxException.At("unexpected " + Describe(token), token.Start);

    private string Describe(PyToken token)
        => token.Kind == PyTokenKind.End ? "end of expression" : "'" + TextOf(token) + "'";

    private static ExpressionSyntaxException NotAFunction(string name, int position)
        => ExpressionSyntaxException.At("'" + name + "' is not a function", position);

    private ExpressionSyntaxException UnknownFunction(string name, int position)
    {
        var bare = name.StartsWith("math.", StringComparison.Ordinal) ? name[5..] : name;
        var hint = "allowed: " + AllowedFunctions;
        var suggestion = Suggest(bare, FunctionTable.Names);
        if (suggestion is not null)
        {
            hint += "; did you mean '" + (ReferenceEquals(bare, name) ? string.Empty : "math.") + suggestion + "'?";
        }

        return ExpressionSyntaxException.At("unknown function '" + name + "'", position, hint);
    }

    private ExpressionSyntaxException UnknownName(string name, int position)
    {
        if (name is "epoch" or "x")
        {
            return ExpressionSyntaxException.At(
                "unknown name '" + name + "'",
                position,
                "the variable here is '" + _variable + "'");
        }

        var candidates = new List<string> { _variable, "pi", "e", "True", "False", "math" };
        candidates.AddRange(FunctionTable.Names);
        var suggestion = Suggest(name, candidates);
        return ExpressionSyntaxException.At(
            "unknown name '" + name + "'",
            position,
            suggestion is null ? null : "did you mean '" + suggestion + "'?");
    }

    /// <summary>
    /// The closest candidate: one equal ignoring case, otherwise the first at the smallest edit distance (<see cref="NameSuggester.Distance"/>), if
    /// that distance is at most 2 and smaller than the name's length (so 'a' does not suggest 'e').
    /// </summary>
    internal static string? Suggest(string name, IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = NameSuggester.Distance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= 2 && bestDistance < name.Length ? best : null;
    }

    private static double ConstantValue(string name) => name switch
    {
        "True" => 1.0,
        "False" => 0.0,
        "pi" => Math.PI,
        _ => Math.E,
    };

    private static bool TryCompareOp(PyTokenKind kind, out CompareOp op)
    {
        switch (kind)
        {
            case PyTokenKind.Less: op = CompareOp.Less; return true;
            case PyTokenKind.LessEqual: op = CompareOp.LessEqual; return true;
            case PyTokenKind.Greater: op = CompareOp.Greater; return true;
            case PyTokenKind.GreaterEqual: op = CompareOp.GreaterEqual; return true;
            case PyTokenKind.EqualEqual: op = CompareOp.Equal; return true;
            case PyTokenKind.NotEqual: op = CompareOp.NotEqual; return true;
            default: op = default; return false;
        }
    }

    private bool IsName(PyToken token, string name)
        => token.Kind == PyTokenKind.Name && _text.AsSpan(token.Start, token.Length).SequenceEqual(name);

    private string TextOf(PyToken token) => _text.Substring(token.Start, token.Length);
}

/// <summary>The functions of the language.</summary>
internal enum FunctionKind
{
    Exp,
    Log,
    Log10,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Abs,
    Min,
    Max,
    Floor,
    Ceil,
    Pow,
}

/// <summary>A function's name, kind and the number of arguments it takes.</summary>
internal sealed class FunctionInfo
{
    public FunctionInfo(string name, FunctionKind kind, int minArgs, int maxArgs)
    {
        Name = name;
        Kind = kind;
        MinArgs = minArgs;
        MaxArgs = maxArgs;
    }

    public string Name { get; }

    public FunctionKind Kind { get; }

    public int MinArgs { get; }

    public int MaxArgs { get; }

    /// <summary>"1 argument", "1 or 2 arguments", "2 arguments", "2 or more arguments".</summary>
    public string ArgumentsText => (MinArgs, MaxArgs) switch
    {
        (1, 1) => "1 argument",
        (var min, var max) when min == max => min + " arguments",
        (var min, int.MaxValue) => min + " or more arguments",
        (var min, var max) => min + " or " + max + " arguments",
    };
}

/// <summary>The function table, in the order the spec lists them.</summary>
internal static class FunctionTable
{
    private static readonly FunctionInfo[] Functions =
    [
        new("exp", FunctionKind.Exp, 1, 1),
        new("log", FunctionKind.Log, 1, 2),
        new("log10", FunctionKind.Log10, 1, 1),
        new("sqrt", FunctionKind.Sqrt, 1, 1),
        new("sin", FunctionKind.Sin, 1, 1),
        new("cos", FunctionKind.Cos, 1, 1),
        new("tan", FunctionKind.Tan, 1, 1),
        new("abs", FunctionKind.Abs, 1, 1),
        new("min", FunctionKind.Min, 2, int.MaxValue),
        new("max", FunctionKind.Max, 2, int.MaxValue),
        new("floor", FunctionKind.Floor, 1, 1),
        new("ceil", FunctionKind.Ceil, 1, 1),
        new("pow", FunctionKind.Pow, 2, 2),
    ];

    public static readonly string[] Names = Array.ConvertAll(Functions, f => f.Name);

    public static FunctionInfo? Find(string name)
    {
        foreach (var function in Functions)
        {
            if (function.Name == name)
            {
                return function;
            }
        }

        return null;
    }
}
