using Anneal.Internal.Expressions;

namespace Anneal.Tests.Internal;

public class PyExpressionTests
{
    private static double Eval(string text, double value = 0, string variable = "epoch")
        => PyExpression.Parse(text, variable).Evaluate(value);

    private static ExpressionSyntaxException ParseFails(string text, string variable = "epoch")
        => Should.Throw<ExpressionSyntaxException>(() => PyExpression.Parse(text, variable));

    private static TException EvalFails<TException>(string text, double value, string variable = "epoch")
        where TException : Exception
    {
        var expression = PyExpression.Parse(text, variable);
        var ex = Should.Throw<TException>(() => expression.Evaluate(value));
        ex.GetType().ShouldBe(typeof(TException));
        return ex;
    }

    // ---- Numbers ----

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("0.95", 0.95)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1E3", 1000.0)]
    [InlineData("2.5e+2", 250.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1.e2", 100.0)]
    [InlineData("1_000", 1000.0)]
    [InlineData("1_000.000_5", 1000.0005)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("0", 0.0)]
    [InlineData("00", 0.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("007.5", 7.5)]
    [InlineData("0x1F", 31.0)]
    [InlineData("0x_ff", 255.0)]
    [InlineData("0o17", 15.0)]
    [InlineData("0b101", 5.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("1e-400", 0.0)]
    public void Number_literals_follow_Python(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Fact]
    public void Large_integer_literal_rounds_like_Python_int_to_float()
        => Eval("9007199254740993").ShouldBe(9007199254740992.0);

    [Theory]
    [InlineData("1__000", "invalid number literal '1__000' at position 0")]
    [InlineData("1_", "invalid number literal '1_' at position 0")]
    [InlineData("2x", "invalid number literal '2x' at position 0")]
    [InlineData("1 + 1e", "invalid number literal '1e' at position 4")]
    [InlineData("0x", "invalid number literal '0x' at position 0")]
    [InlineData("0b12", "invalid number literal '0b12' at position 0")]
    [InlineData("1j", "invalid number literal '1j' at position 0")]
    [InlineData("01", "leading zeros in decimal integer literals are not permitted at position 0; use an 0o prefix for octal integers")]
    public void Invalid_number_literals_are_parse_errors(string text, string message)
    {
        var ex = ParseFails(text);
        ex.Message.ShouldBe(message);
    }

    [Fact]
    public void Integer_literal_too_large_for_a_double_is_a_parse_error()
    {
        var ex = ParseFails("2 * 1" + new string('0', 400));
        ex.Position.ShouldBe(4);
        ex.Message.ShouldBe("integer literal too large to convert to float at position 4");
    }

    [Fact]
    public void Keyword_right_after_a_number_is_accepted_as_in_Python()
        => Eval("1if epoch else 2", 0).ShouldBe(2.0);

    // ---- Arithmetic ----

    [Theory]
    [InlineData("7 + 2", 9.0)]
    [InlineData("7 - 2", 5.0)]
    [InlineData("7 * 2", 14.0)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("1 / 3", 1.0 / 3.0)]
    [InlineData("7 // 2", 3.0)]
    [InlineData("7 // -2", -4.0)]
    [InlineData("-7 // 2", -4.0)]
    [InlineData("7.5 // -2", -4.0)]
    [InlineData("-7.5 // 2", -4.0)]
    [InlineData("-3 // 2.5", -2.0)]
    [InlineData("7 % 3", 1.0)]
    [InlineData("-7 % 3", 2.0)]
    [InlineData("7 % -3", -2.0)]
    [InlineData("7.5 % -2", -0.5)]
    [InlineData("-3 % 2.5", 2.0)]
    [InlineData("-0.5 % 1", 0.5)]
    [InlineData("2 ** 10", 1024.0)]
    [InlineData("2 ** 0.5", 1.4142135623730951)]
    [InlineData("10 - 4 - 3", 3.0)]
    [InlineData("100 / 10 / 5", 2.0)]
    [InlineData("2 * 3 + 4", 10.0)]
    [InlineData("2 + 3 * 4", 14.0)]
    [InlineData("(2 + 3) * 4", 20.0)]
    [InlineData("1 + 2 * 3 ** 2 // 4 % 5", 5.0)]
    [InlineData("+5", 5.0)]
    [InlineData("--5", 5.0)]
    [InlineData("- + - 5", 5.0)]
    public void Arithmetic_operators_and_precedence(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData("-2**2", -4.0)]
    [InlineData("-3 ** 2", -9.0)]
    [InlineData("(-2) ** 2", 4.0)]
    [InlineData("2**-1", 0.5)]
    [InlineData("-2 ** -2", -0.25)]
    [InlineData("2**3**2", 512.0)]
    [InlineData("(2**3)**2", 64.0)]
    [InlineData("2 * 3 ** 2", 18.0)]
    [InlineData("2 ** - - 2", 4.0)]
    public void Power_is_right_associative_and_binds_tighter_than_unary_minus_on_its_left(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData("1 // 0.1", 9.0)] // Math.Floor(1 / 0.1) would be 10
    [InlineData("1 % 0.1", 0.09999999999999995)]
    [InlineData("0.1 // 0.03", 3.0)]
    [InlineData("0.1 % 0.03", 0.010000000000000009)]
    [InlineData("-0.1 // 0.03", -4.0)]
    [InlineData("-0.1 % 0.03", 0.01999999999999999)]
    [InlineData("-1e16 // 3", -3333333333333335.0)] // Math.Floor(-1e16 / 3) would be -3333333333333334
    [InlineData("-1e-300 // 1e300", -1.0)]
    [InlineData("1e-300 % -1e300", -1e300)]
    [InlineData("1e16 % 7", 4.0)]
    public void Floor_division_and_modulo_follow_CPython_float_divmod(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData("-0.0 // 1", true)]
    [InlineData("0.0 // -1", true)]
    [InlineData("0.0 // 1", false)]
    [InlineData("4.0 % -2.0", true)]
    [InlineData("-4.0 % 2.0", false)]
    public void Zero_results_of_floor_division_and_modulo_have_Pythons_sign(string text, bool negative)
    {
        var result = Eval(text);
        result.ShouldBe(0.0);
        double.IsNegative(result).ShouldBe(negative);
    }

    [Fact]
    public void Floor_division_and_modulo_with_infinities_follow_CPython()
    {
        double.IsNaN(Eval("epoch // 1", double.PositiveInfinity)).ShouldBeTrue();
        double.IsNaN(Eval("epoch % 3", double.PositiveInfinity)).ShouldBeTrue();
        Eval("-1 % epoch", double.PositiveInfinity).ShouldBe(double.PositiveInfinity);
        Eval("1 % epoch", double.PositiveInfinity).ShouldBe(1.0);
    }

    [Fact]
    public void Modulo_has_the_sign_of_the_divisor_and_is_smaller_than_it()
    {
        for (var a = -50; a <= 50; a++)
        {
            foreach (var b in new[] { -7.5, -3.0, -0.3, 0.3, 3.0, 7.5 })
            {
                var expression = PyExpression.Parse("epoch % " + b.ToString(System.Globalization.CultureInfo.InvariantCulture), "epoch");
                var mod = expression.Evaluate(a * 0.7);
                (mod == 0 || Math.Sign(mod) == Math.Sign(b)).ShouldBeTrue();
                Math.Abs(mod).ShouldBeLessThan(Math.Abs(b));
            }
        }
    }

    [Fact]
    public void Variable_is_used_in_arithmetic()
    {
        Eval("0.95 ** epoch", 10).ShouldBe(Math.Pow(0.95, 10));
        Eval("0.95**epoch", 10).ShouldBe(Math.Pow(0.95, 10));
        Eval("-epoch % 3", 7).ShouldBe(2.0);
        Eval("2 ** -epoch", 2).ShouldBe(0.25);
        Eval("1 - epoch / 100", 25).ShouldBe(0.75);
        Eval("epoch // 30", 61).ShouldBe(2.0);
        Eval("1 / (2. ** (x - 1))", 3, "x").ShouldBe(0.25);
    }

    [Fact]
    public void Float_overflow_outside_power_and_exp_gives_infinity_as_in_Python()
        => Eval("epoch * 1e308 * 10", 1).ShouldBe(double.PositiveInfinity);

    [Theory]
    [InlineData("0.0 ** 0", 0.0, 1.0)]
    [InlineData("epoch ** 0", double.NaN, 1.0)]
    [InlineData("1 ** epoch", double.NaN, 1.0)]
    [InlineData("(-1) ** epoch", double.PositiveInfinity, 1.0)]
    [InlineData("(-8) ** 3", 0, -512.0)]
    [InlineData("(-2) ** -1", 0, -0.5)]
    [InlineData("0 ** epoch", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("epoch ** 0.5", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("epoch ** 3", double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData("2 ** epoch", double.NegativeInfinity, 0.0)]
    [InlineData("0.5 ** epoch", double.PositiveInfinity, 0.0)]
    [InlineData("2 ** -1100", 0, 0.0)]
    public void Power_special_cases_match_CPython(string text, double value, double expected)
        => Eval(text, value).ShouldBe(expected);

    // ---- Comparisons, not, and, or ----

    [Theory]
    [InlineData("1 < 2", 1.0)]
    [InlineData("2 < 1", 0.0)]
    [InlineData("2 <= 2", 1.0)]
    [InlineData("3 <= 2", 0.0)]
    [InlineData("3 > 2", 1.0)]
    [InlineData("2 > 2", 0.0)]
    [InlineData("2 >= 2", 1.0)]
    [InlineData("1 >= 2", 0.0)]
    [InlineData("2 == 2.0", 1.0)]
    [InlineData("2 == 3", 0.0)]
    [InlineData("2 != 3", 1.0)]
    [InlineData("2 != 2", 0.0)]
    [InlineData("1 + 1 == 2", 1.0)]
    [InlineData("2 * 3 > 5", 1.0)]
    [InlineData("(1 < 2) + (2 < 3)", 2.0)]
    public void Comparisons_give_one_or_zero(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData("1 < 2 < 3", 1.0)]
    [InlineData("1 < 3 < 2", 0.0)]
    [InlineData("3 > 2 < 1", 0.0)]
    [InlineData("3 > 2 > 1", 1.0)]
    [InlineData("1 < 2 == 1", 0.0)] // (1 < 2) and (2 == 1), not (1 < 2) == 1
    [InlineData("(1 < 2) == 1", 1.0)]
    [InlineData("1 == 1.0 != 2 <= 2 < 3", 1.0)]
    [InlineData("1 > 2 < 1 / 0", 0.0)] // stops at the first false comparison
    public void Comparisons_chain_like_Python(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 1.0)]
    [InlineData(10, 0.0)]
    [InlineData(-1, 0.0)]
    public void Chained_comparison_with_the_variable(double epoch, double expected)
        => Eval("0 <= epoch < 10", epoch).ShouldBe(expected);

    [Fact]
    public void Comparisons_with_NaN_are_false_except_not_equal()
    {
        Eval("epoch < 1", double.NaN).ShouldBe(0.0);
        Eval("epoch == epoch", double.NaN).ShouldBe(0.0);
        Eval("epoch != epoch", double.NaN).ShouldBe(1.0);
    }

    [Theory]
    [InlineData("True", 1.0)]
    [InlineData("False", 0.0)]
    [InlineData("True + True", 2.0)]
    [InlineData("not 0", 1.0)]
    [InlineData("not 3", 0.0)]
    [InlineData("not not 3", 1.0)]
    [InlineData("not 1 == 2", 1.0)] // not (1 == 2)
    [InlineData("not 0 and 0", 0.0)] // (not 0) and 0
    [InlineData("not (0 and 0)", 1.0)]
    public void Booleans_and_not(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Theory]
    [InlineData("0 or 5", 5.0)]
    [InlineData("3 or 5", 3.0)]
    [InlineData("0 and 5", 0.0)]
    [InlineData("3 and 5", 5.0)]
    [InlineData("0.0 or 0", 0.0)]
    [InlineData("2 and 0 or 7", 7.0)] // (2 and 0) or 7
    [InlineData("1 or 2 and 0", 1.0)] // 1 or (2 and 0)
    [InlineData("0 and 1 / 0", 0.0)] // short-circuit
    [InlineData("1 or 1 / 0", 1.0)] // short-circuit
    public void And_or_return_the_deciding_operand(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Fact]
    public void And_or_not_with_the_variable()
    {
        Eval("epoch or 7", 0).ShouldBe(7.0);
        Eval("epoch or 7", 0.5).ShouldBe(0.5);
        Eval("epoch and 7", 0).ShouldBe(0.0);
        Eval("epoch and 7", 2).ShouldBe(7.0);
        double.IsNaN(Eval("epoch or 7", double.NaN)).ShouldBeTrue(); // NaN is true in Python
        Eval("not epoch", double.NaN).ShouldBe(0.0);
        Eval("epoch > 2 and epoch < 5", 3).ShouldBe(1.0);
        Eval("epoch > 2 and epoch < 5", 6).ShouldBe(0.0);
    }

    // ---- Conditional ----

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    public void Conditional_expression(double epoch, double expected)
        => Eval("1 if epoch < 3 else 0.5", epoch).ShouldBe(expected);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 2.0)]
    [InlineData(5, 3.0)]
    public void Conditional_is_right_associative(double epoch, double expected)
        => Eval("1 if epoch < 1 else 2 if epoch < 2 else 3", epoch).ShouldBe(expected);

    [Theory]
    [InlineData("1 + 1 if 0 else 5", 5.0)] // (1 + 1) if 0 else 5
    [InlineData("0 or 1 if 0 else 2", 2.0)] // (0 or 1) if 0 else 2
    [InlineData("(1 if 0 else 2) * 3", 6.0)]
    [InlineData("1 if 0 else 2 * 3", 6.0)]
    public void Conditional_has_the_lowest_precedence(string text, double expected)
        => Eval(text).ShouldBe(expected);

    [Fact]
    public void Conditional_evaluates_only_the_chosen_branch()
    {
        Eval("1 / epoch if epoch else 0", 0).ShouldBe(0.0);
        Eval("1 / epoch if epoch else 0", 4).ShouldBe(0.25);
        Eval("(-2) ** 0.5 if False else 1").ShouldBe(1.0);
    }

    // ---- Functions and constants ----

    [Theory]
    [InlineData("exp(epoch)", 2, 7.38905609893065)]
    [InlineData("exp(1)", 0, Math.E)]
    [InlineData("log(epoch)", 10, 2.302585092994046)]
    [InlineData("log(e)", 0, 1.0)]
    [InlineData("log(8, 2)", 0, 3.0)]
    [InlineData("log(1000, 10)", 0, 2.9999999999999996)] // log(x)/log(base), exactly as Python
    [InlineData("log(epoch, 2)", 1024, 10.0)]
    [InlineData("log10(1000)", 0, 3.0)]
    [InlineData("log10(epoch)", 0.001, -3.0)]
    [InlineData("sqrt(16)", 0, 4.0)]
    [InlineData("sqrt(2)", 0, 1.4142135623730951)]
    [InlineData("sin(0)", 0, 0.0)]
    [InlineData("sin(pi / 2)", 0, 1.0)]
    [InlineData("cos(0)", 0, 1.0)]
    [InlineData("cos(pi)", 0, -1.0)]
    [InlineData("tan(0)", 0, 0.0)]
    [InlineData("tan(pi / 4)", 0, 0.9999999999999999)]
    [InlineData("abs(-2.5)", 0, 2.5)]
    [InlineData("abs(epoch)", 3, 3.0)]
    [InlineData("min(3, 1, 2)", 0, 1.0)]
    [InlineData("max(3, 1, 2)", 0, 3.0)]
    [InlineData("min(epoch, 5)", 7, 5.0)]
    [InlineData("max(0.1, 0.5 ** epoch)", 4, 0.1)]
    [InlineData("max(1, 2,)", 0, 2.0)]
    [InlineData("floor(2.5)", 0, 2.0)]
    [InlineData("floor(-2.5)", 0, -3.0)]
    [InlineData("ceil(2.1)", 0, 3.0)]
    [InlineData("ceil(-2.5)", 0, -2.0)]
    [InlineData("floor(epoch / 10)", 25, 2.0)]
    [InlineData("pow(2, 10)", 0, 1024.0)]
    [InlineData("pow(2, -1)", 0, 0.5)]
    [InlineData("pow(epoch, 2)", -3, 9.0)]
    [InlineData("pi", 0, Math.PI)]
    [InlineData("e", 0, Math.E)]
    [InlineData("2 * pi", 0, 2 * Math.PI)]
    public void Functions_and_constants(string text, double epoch, double expected)
        => Eval(text, epoch).ShouldBe(expected);

    [Fact]
    public void Functions_agree_with_System_Math()
    {
        foreach (var v in new[] { 0.25, 1.0, 2.5, 7.0, 123.456 })
        {
            Eval("exp(epoch)", v).ShouldBe(Math.Exp(v));
            Eval("log(epoch)", v).ShouldBe(Math.Log(v));
            Eval("log10(epoch)", v).ShouldBe(Math.Log10(v));
            Eval("sqrt(epoch)", v).ShouldBe(Math.Sqrt(v));
            Eval("sin(epoch)", v).ShouldBe(Math.Sin(v));
            Eval("cos(epoch)", v).ShouldBe(Math.Cos(v));
            Eval("tan(epoch)", v).ShouldBe(Math.Tan(v));
            Eval("0.95 ** epoch", v).ShouldBe(Math.Pow(0.95, v));
        }
    }

    [Fact]
    public void Min_and_max_compare_like_Python()
    {
        double.IsNaN(Eval("min(epoch, 1)", double.NaN)).ShouldBeTrue(); // the first item stays unless a later one is smaller
        Eval("min(1, epoch)", double.NaN).ShouldBe(1.0);
        double.IsNegative(Eval("min(0.0, -0.0)")).ShouldBeFalse(); // ties keep the first
        double.IsNegative(Eval("max(-0.0, 0.0)")).ShouldBeTrue();
    }

    [Fact]
    public void Floor_and_ceil_return_an_unsigned_zero_like_a_Python_int()
    {
        double.IsNegative(Eval("ceil(-0.5)")).ShouldBeFalse();
        double.IsNegative(Eval("floor(-0.0)")).ShouldBeFalse();
        double.IsNegative(Eval("ceil(-0.5) / -2")).ShouldBeTrue(); // 0 / -2 is -0.0 in Python
    }

    [Theory]
    [InlineData("math.cos(math.pi)", -1.0)]
    [InlineData("math.e", Math.E)]
    [InlineData("math.pi / 2", Math.PI / 2)]
    [InlineData("math.exp(0)", 1.0)]
    [InlineData("math.log(8, 2)", 3.0)]
    [InlineData("math.sqrt(4)", 2.0)]
    [InlineData("math.floor(-0.5)", -1.0)]
    [InlineData("math.ceil(0.5)", 1.0)]
    [InlineData("math.pow(2, 3)", 8.0)]
    [InlineData("math . sqrt ( 9 )", 3.0)]
    [InlineData("abs(-1) + math.abs(-2)", 3.0)]
    public void Math_prefix(string text, double expected)
        => Eval(text).ShouldBe(expected);

    // ---- lambda prefix, Text, Variable ----

    [Fact]
    public void Lambda_prefix_is_accepted()
    {
        var expression = PyExpression.Parse("lambda epoch: 0.95 ** epoch", "epoch");
        expression.Evaluate(10).ShouldBe(Math.Pow(0.95, 10));
        expression.Text.ShouldBe("lambda epoch: 0.95 ** epoch");
        expression.Variable.ShouldBe("epoch");
    }

    [Fact]
    public void Lambda_prefix_with_x_and_free_spacing()
    {
        var expression = PyExpression.Parse("  lambda x :1/(2.**(x-1))  ", "x");
        expression.Evaluate(3).ShouldBe(0.25);
        expression.Text.ShouldBe("lambda x :1/(2.**(x-1))");
        expression.Variable.ShouldBe("x");
        expression.ToString().ShouldBe(expression.Text);
    }

    [Fact]
    public void Text_is_the_trimmed_input()
    {
        var expression = PyExpression.Parse("\t 0.5 ** (epoch // 30)\n", "epoch");
        expression.Text.ShouldBe("0.5 ** (epoch // 30)");
        expression.Evaluate(65).ShouldBe(0.25);
    }

    [Fact]
    public void Wrong_lambda_parameter_names_the_expected_one()
    {
        var ex = ParseFails("lambda e: 0.95 ** e");
        ex.Position.ShouldBe(7);
        ex.Message.ShouldBe("unexpected lambda parameter 'e' at position 7; expected 'epoch'");

        ex = ParseFails("lambda epoch: epoch", "x");
        ex.Position.ShouldBe(7);
        ex.Message.ShouldBe("unexpected lambda parameter 'epoch' at position 7; expected 'x'");
    }

    [Theory]
    [InlineData("lambda: 1", 6, "lambda without the parameter 'epoch' at position 6; expected 'lambda epoch: ...'")]
    [InlineData("lambda", 0, "lambda without the parameter 'epoch' at position 0; expected 'lambda epoch: ...'")]
    [InlineData("lambda epoch, x: 1", 12, "lambda takes exactly one parameter, 'epoch' at position 12; expected 'lambda epoch: ...'")]
    [InlineData("lambda epoch 1", 13, "expected ':' after 'lambda epoch' at position 13; expected 'lambda epoch: ...'")]
    [InlineData("lambda epoch:", 13, "unexpected end of expression at position 13")]
    [InlineData("1 + lambda epoch: 1", 4, "unexpected 'lambda' at position 4; 'lambda epoch:' is only allowed at the start")]
    public void Malformed_lambda_prefix(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    // ---- Parse errors ----

    [Theory]
    [InlineData("", 0, "empty expression at position 0")]
    [InlineData("   ", 0, "empty expression at position 0")]
    [InlineData("(epoch))", 7, "unexpected ')' at position 7")]
    [InlineData("  (epoch))", 9, "unexpected ')' at position 9")]
    [InlineData("1 +", 3, "unexpected end of expression at position 3")]
    [InlineData("1 +   ", 3, "unexpected end of expression at position 3")]
    [InlineData("1 2", 2, "unexpected '2' at position 2")]
    [InlineData("1 + * 2", 4, "unexpected '*' at position 4")]
    [InlineData("* 2", 0, "unexpected '*' at position 0")]
    [InlineData("epoch epoch", 6, "unexpected 'epoch' at position 6")]
    [InlineData("epoch is 3", 6, "unexpected 'is' at position 6")]
    [InlineData("1 + not 2", 4, "unexpected 'not' at position 4")]
    [InlineData("1 and", 5, "unexpected end of expression at position 5")]
    [InlineData("(1 + 2", 0, "unclosed '(' at position 0; expected ')' before the end")]
    [InlineData("((1 + 2)", 0, "unclosed '(' at position 0; expected ')' before the end")]
    [InlineData("max(1, 2", 3, "unclosed '(' at position 3; expected ')' before the end")]
    [InlineData("(1 2)", 3, "unexpected '2' at position 3; expected ')'")]
    [InlineData("max(1 2)", 6, "unexpected '2' at position 6; expected ',' or ')'")]
    [InlineData("max(1,, 2)", 6, "unexpected ',' at position 6")]
    [InlineData("()", 0, "empty parentheses at position 0")]
    [InlineData("(1, 2)", 2, "unexpected ',' at position 2; expected ')'")]
    [InlineData("1 if epoch", 10, "missing 'else' at position 10; a conditional is written 'a if condition else b'")]
    [InlineData("1 if epoch 2", 11, "unexpected '2' at position 11; expected 'else'")]
    [InlineData("1 else 2", 2, "unexpected 'else' at position 2")]
    [InlineData("2(3)", 1, "unexpected '(' at position 1")]
    [InlineData("epoch: 1", 5, "unexpected ':' at position 5")]
    public void Syntax_errors_report_the_position(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("1 = 2", 2, "unexpected character '=' at position 2; use '==' to compare")]
    [InlineData("2 ^ 3", 2, "unexpected character '^' at position 2; use '**' for powers")]
    [InlineData("1 && 0", 2, "unexpected '&&' at position 2; use 'and'")]
    [InlineData("1 || 0", 2, "unexpected '||' at position 2; use 'or'")]
    [InlineData("1 & 0", 2, "unexpected character '&' at position 2; use 'and'")]
    [InlineData("!epoch", 0, "unexpected character '!' at position 0; use 'not' for negation")]
    [InlineData("'a'", 0, "unexpected character ''' at position 0; strings are not supported")]
    [InlineData("epoch[0]", 5, "unexpected character '[' at position 5")]
    [InlineData("~1", 0, "unexpected character '~' at position 0")]
    [InlineData("1 # comment", 2, "unexpected character '#' at position 2")]
    public void Unsupported_characters(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("epoh", "epoch", 0, "unknown name 'epoh' at position 0; did you mean 'epoch'?")]
    [InlineData("2 * epcoh", "epoch", 4, "unknown name 'epcoh' at position 4; did you mean 'epoch'?")]
    [InlineData("PI", "epoch", 0, "unknown name 'PI' at position 0; did you mean 'pi'?")]
    [InlineData("true", "epoch", 0, "unknown name 'true' at position 0; did you mean 'True'?")]
    [InlineData("y", "x", 0, "unknown name 'y' at position 0")]
    [InlineData("a", "epoch", 0, "unknown name 'a' at position 0")]
    [InlineData("lr", "epoch", 0, "unknown name 'lr' at position 0")]
    [InlineData("None", "epoch", 0, "unknown name 'None' at position 0")]
    [InlineData("x", "epoch", 0, "unknown name 'x' at position 0; the variable here is 'epoch'")]
    [InlineData("1 - epoch", "x", 4, "unknown name 'epoch' at position 4; the variable here is 'x'")]
    [InlineData("mth.cos(1)", "epoch", 0, "unknown name 'mth' at position 0; did you mean 'math'?")]
    [InlineData("math.tau", "epoch", 5, "unknown name 'math.tau' at position 5; allowed after 'math.': pi, e and the functions")]
    [InlineData("math.pj", "epoch", 5, "unknown name 'math.pj' at position 5; allowed after 'math.': pi, e and the functions; did you mean 'math.pi'?")]
    [InlineData("math.epoch", "epoch", 5, "unknown name 'math.epoch' at position 5; allowed after 'math.': pi, e and the functions")]
    public void Unknown_names_suggest_a_close_one(string text, string variable, int position, string message)
    {
        var ex = ParseFails(text, variable);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    private const string Allowed = "allowed: exp, log, log10, sqrt, sin, cos, tan, abs, min, max, floor, ceil, pow";

    [Theory]
    [InlineData("cosh(epoch)", 0, "unknown function 'cosh' at position 0; " + Allowed + "; did you mean 'cos'?")]
    [InlineData("1 + round(epoch)", 4, "unknown function 'round' at position 4; " + Allowed)]
    [InlineData("sqr(2)", 0, "unknown function 'sqr' at position 0; " + Allowed + "; did you mean 'sqrt'?")]
    [InlineData("math.cosh(1)", 5, "unknown function 'math.cosh' at position 5; " + Allowed + "; did you mean 'math.cos'?")]
    [InlineData("math.fabs(1)", 5, "unknown function 'math.fabs' at position 5; " + Allowed + "; did you mean 'math.abs'?")]
    public void Unknown_functions_list_the_allowed_ones(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    [Fact]
    public void Unknown_function_message_starts_as_documented()
        => ParseFails("cosh(epoch)").Message.ShouldStartWith("unknown function 'cosh' at position 0; " + Allowed);

    [Theory]
    [InlineData("epoch(2)", 0, "'epoch' is not a function at position 0")]
    [InlineData("pi(2)", 0, "'pi' is not a function at position 0")]
    [InlineData("math.e(2)", 5, "'math.e' is not a function at position 5")]
    [InlineData("cos", 3, "missing '(' after function 'cos' at position 3; call it, as in cos(epoch)")]
    [InlineData("2 * math.cos", 12, "missing '(' after function 'math.cos' at position 12; call it, as in math.cos(epoch)")]
    [InlineData("math", 4, "expected '.' after 'math' at position 4; write math.cos(...), math.pi or math.e")]
    [InlineData("math(1)", 4, "expected '.' after 'math' at position 4; write math.cos(...), math.pi or math.e")]
    [InlineData("math.(1)", 5, "expected a name after 'math.' at position 5")]
    public void Misused_names(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("log(1, 2, 3)", 0, "wrong number of arguments for 'log' at position 0; it takes 1 or 2 arguments, got 3")]
    [InlineData("log()", 0, "wrong number of arguments for 'log' at position 0; it takes 1 or 2 arguments, got 0")]
    [InlineData("1 + cos()", 4, "wrong number of arguments for 'cos' at position 4; it takes 1 argument, got 0")]
    [InlineData("exp(1, 2)", 0, "wrong number of arguments for 'exp' at position 0; it takes 1 argument, got 2")]
    [InlineData("min(1)", 0, "wrong number of arguments for 'min' at position 0; it takes 2 or more arguments, got 1")]
    [InlineData("max(epoch)", 0, "wrong number of arguments for 'max' at position 0; it takes 2 or more arguments, got 1")]
    [InlineData("pow(2)", 0, "wrong number of arguments for 'pow' at position 0; it takes 2 arguments, got 1")]
    [InlineData("pow(2, 3, 5)", 0, "wrong number of arguments for 'pow' at position 0; it takes 2 arguments, got 3")]
    [InlineData("math.floor(1, 2)", 5, "wrong number of arguments for 'math.floor' at position 5; it takes 1 argument, got 2")]
    public void Wrong_argument_counts(string text, int position, string message)
    {
        var ex = ParseFails(text);
        ex.Position.ShouldBe(position);
        ex.Message.ShouldBe(message);
    }

    [Fact]
    public void Syntax_error_is_a_FormatException()
        => Should.Throw<FormatException>(() => PyExpression.Parse("1 +", "epoch")).ShouldBeOfType<ExpressionSyntaxException>();

    [Fact]
    public void Invalid_variable_names_are_argument_errors()
    {
        Should.Throw<ArgumentNullException>(() => PyExpression.Parse(null!, "epoch"));
        Should.Throw<ArgumentNullException>(() => PyExpression.Parse("1", null!));
        Should.Throw<ArgumentException>(() => PyExpression.Parse("1", "")).ParamName.ShouldBe("variable");
        Should.Throw<ArgumentException>(() => PyExpression.Parse("1", "cos")).ParamName.ShouldBe("variable");
        Should.Throw<ArgumentException>(() => PyExpression.Parse("1", "if")).ParamName.ShouldBe("variable");
        Should.Throw<ArgumentException>(() => PyExpression.Parse("1", "2x")).ParamName.ShouldBe("variable");
    }

    // ---- Nesting limit ----

    [Fact]
    public void Two_hundred_nested_parentheses_are_accepted()
        => Eval(new string('(', 200) + "epoch + 1" + new string(')', 200), 1).ShouldBe(2.0);

    [Fact]
    public void More_than_two_hundred_nested_parentheses_are_rejected()
    {
        var ex = ParseFails(new string('(', 201) + "epoch" + new string(')', 201));
        ex.Position.ShouldBe(200);
        ex.Message.ShouldBe("expression nested too deeply at position 200; the limit is 200 levels");
    }

    [Fact]
    public void Absurd_inputs_hit_the_nesting_limit_instead_of_the_stack()
    {
        ParseFails(new string('-', 100_000) + "epoch").Message.ShouldContain("nested too deeply");
        ParseFails(string.Concat(Enumerable.Repeat("not ", 1000)) + "epoch").Message.ShouldContain("nested too deeply");
        ParseFails(string.Concat(Enumerable.Repeat("2 ** ", 1000)) + "epoch").Message.ShouldContain("nested too deeply");
        ParseFails(string.Concat(Enumerable.Repeat("cos(", 1000)) + "epoch" + new string(')', 1000)).Message.ShouldContain("nested too deeply");
        ParseFails(string.Concat(Enumerable.Repeat("1 if epoch else ", 1000)) + "2").Message.ShouldContain("nested too deeply");

        // A flat chain builds a left-deep tree, whose height is limited as well.
        ParseFails(string.Concat(Enumerable.Repeat("epoch + ", 1000)) + "1").Message.ShouldContain("nested too deeply");
        Eval(string.Concat(Enumerable.Repeat("epoch + ", 150)) + "1", 1).ShouldBe(151.0);
    }

    [Fact]
    public void Constant_sub_expressions_are_folded_so_long_constant_chains_are_fine()
        => Eval(string.Concat(Enumerable.Repeat("1 + ", 1000)) + "epoch", 1).ShouldBe(1001.0);

    // ---- Runtime errors ----

    [Fact]
    public void Division_by_zero_names_the_expression_and_the_value()
    {
        var ex = EvalFails<DivideByZeroException>("1 / (epoch - 3)", 3);
        ex.Message.ShouldBe("division by zero in '1 / (epoch - 3)' at epoch = 3.0");
    }

    [Fact]
    public void Floor_division_and_modulo_by_zero()
    {
        EvalFails<DivideByZeroException>("epoch // 0", 1).Message.ShouldBe("floor division by zero in 'epoch // 0' at epoch = 1.0");
        EvalFails<DivideByZeroException>("x % (x - 0.5)", 0.5, "x").Message.ShouldBe("modulo by zero in 'x % (x - 0.5)' at x = 0.5");
        EvalFails<DivideByZeroException>("1 / -0.0", 0).Message.ShouldStartWith("division by zero");
    }

    [Fact]
    public void Constant_division_by_zero_is_a_runtime_error_not_a_parse_error()
    {
        var expression = PyExpression.Parse("lambda epoch: 1 / 0", "epoch");
        Should.Throw<DivideByZeroException>(() => expression.Evaluate(0))
            .Message.ShouldBe("division by zero in 'lambda epoch: 1 / 0' at epoch = 0.0");
    }

    [Fact]
    public void Zero_to_a_negative_power_is_a_division_by_zero()
    {
        EvalFails<DivideByZeroException>("0.0 ** -1", 0).Message.ShouldStartWith("0.0 cannot be raised to a negative power");
        EvalFails<DivideByZeroException>("epoch ** -1", 0).Message.ShouldContain("at epoch = 0.0");
        EvalFails<DivideByZeroException>("pow(epoch, -0.5)", -0.0).Message.ShouldContain("0.0 cannot be raised");
    }

    [Fact]
    public void Negative_base_with_fractional_exponent_is_an_error_not_NaN()
    {
        EvalFails<ArithmeticException>("(-8) ** (1/3)", 0).Message.ShouldStartWith("(-8.0) ** 0.3333333333333333 is a complex number");
        EvalFails<ArithmeticException>("epoch ** 0.5", -4).Message.ShouldContain("at epoch = -4.0");
    }

    [Fact]
    public void Overflow_in_power_and_exp_is_an_error_as_in_Python()
    {
        EvalFails<OverflowException>("10.0 ** 400", 0).Message.ShouldStartWith("10.0 ** 400.0 is too large");
        EvalFails<OverflowException>("2 ** epoch", 1024).Message.ShouldContain("at epoch = 1024.0");
        EvalFails<OverflowException>("exp(epoch)", 1000).Message.ShouldBe(
            "exp(1000.0) is too large (math range error) in 'exp(epoch)' at epoch = 1000.0");
        Eval("exp(epoch)", double.PositiveInfinity).ShouldBe(double.PositiveInfinity);
        Eval("exp(epoch)", double.NegativeInfinity).ShouldBe(0.0);
    }

    [Theory]
    [InlineData("log(epoch)", 0, "log(0.0) is undefined (math domain error) in 'log(epoch)' at epoch = 0.0")]
    [InlineData("log(epoch)", -1, "log(-1.0) is undefined (math domain error) in 'log(epoch)' at epoch = -1.0")]
    [InlineData("log10(epoch - 1)", 1, "log10(0.0) is undefined (math domain error) in 'log10(epoch - 1)' at epoch = 1.0")]
    [InlineData("sqrt(epoch)", -1, "sqrt(-1.0) is undefined (math domain error) in 'sqrt(epoch)' at epoch = -1.0")]
    [InlineData("sin(epoch)", double.PositiveInfinity, "sin(inf) is undefined (math domain error) in 'sin(epoch)' at epoch = inf")]
    [InlineData("math.cos(epoch)", double.NegativeInfinity, "cos(-inf) is undefined (math domain error) in 'math.cos(epoch)' at epoch = -inf")]
    [InlineData("log(epoch, 2)", 0, "log(0.0) is undefined (math domain error) in 'log(epoch, 2)' at epoch = 0.0")]
    [InlineData("log(8, epoch)", -2, "log(-2.0) is undefined (math domain error) in 'log(8, epoch)' at epoch = -2.0")]
    [InlineData("floor(epoch)", double.NaN, "floor(nan): cannot convert float NaN to integer in 'floor(epoch)' at epoch = nan")]
    public void Math_domain_errors(string text, double value, string message)
        => EvalFails<ArgumentOutOfRangeException>(text, value).Message.ShouldBe(message);

    [Fact]
    public void Floor_and_ceil_of_infinity_overflow()
    {
        EvalFails<OverflowException>("floor(epoch)", double.PositiveInfinity).Message.ShouldStartWith("floor(inf): cannot convert float infinity to integer");
        EvalFails<OverflowException>("ceil(epoch)", double.NegativeInfinity).Message.ShouldStartWith("ceil(-inf): cannot convert float infinity to integer");
    }

    [Fact]
    public void Log_base_one_is_a_division_by_zero()
        => EvalFails<DivideByZeroException>("log(8, epoch)", 1).Message.ShouldBe(
            "log(8.0, 1.0): division by zero (base 1) in 'log(8, epoch)' at epoch = 1.0");

    [Fact]
    public void Functions_pass_NaN_and_infinities_through_where_Python_does()
    {
        double.IsNaN(Eval("log(epoch)", double.NaN)).ShouldBeTrue();
        double.IsNaN(Eval("sqrt(epoch)", double.NaN)).ShouldBeTrue();
        Eval("log(epoch)", double.PositiveInfinity).ShouldBe(double.PositiveInfinity);
        Eval("sqrt(epoch)", double.PositiveInfinity).ShouldBe(double.PositiveInfinity);
        Eval("abs(epoch)", double.NegativeInfinity).ShouldBe(double.PositiveInfinity);
        double.IsNegative(Eval("sqrt(epoch)", -0.0)).ShouldBeTrue();
    }

    // ---- Allocation and threads ----

    private const string Everything =
        "lambda epoch: max(0.01, 0.95 ** epoch * cos(pi * (epoch % 7) / 7) + log(epoch + 1, 2) // 3)"
        + " if 0 <= epoch < 100 and not epoch == 50 or epoch > 1000"
        + " else min(1, abs(-epoch), sqrt(epoch + 1), floor(epoch / 2), ceil(epoch) - exp(-epoch) + tan(0.1)"
        + " - sin(epoch) + log10(epoch + 2) - pow(2, -epoch) + math.log(epoch + 1) - (epoch != 3) + e)";

    [Fact]
    public void Evaluate_does_not_allocate()
    {
        var expressions = new[]
        {
            PyExpression.Parse(Everything, "epoch"),
            PyExpression.Parse("0.95 ** epoch", "epoch"),
            PyExpression.Parse("1 if epoch < 3 else 0.5", "epoch"),
            PyExpression.Parse("1 / (2. ** (x - 1))", "x"),
            PyExpression.Parse("0 < x < 10 or x", "x"),
        };
        var sum = 0.0;
        for (var warmup = 0; warmup < 200; warmup++)
        {
            foreach (var expression in expressions)
            {
                sum += expression.Evaluate(warmup % 120);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var expression in expressions)
            {
                sum += expression.Evaluate(i % 120);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0L);
        double.IsFinite(sum).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_is_thread_safe()
    {
        var expression = PyExpression.Parse(Everything, "epoch");
        var expected = new double[2000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = expression.Evaluate(i * 0.5);
        }

        var actual = new double[expected.Length];
        Parallel.For(0, actual.Length, i => actual[i] = expression.Evaluate(i * 0.5));
        actual.ShouldBe(expected);
    }
}
