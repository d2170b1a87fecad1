using Anneal.Internal.Expressions;

namespace Anneal.Specs;

/// <summary>
/// The arguments of one spec call after binding: every parameter of the descriptor has a value (given or default),
/// already converted to its CLR type.
/// </summary>
internal sealed class BoundArgs
{
    private readonly Dictionary<string, object?> _values;

    public BoundArgs(Dictionary<string, object?> values) => _values = values;

    public double Real(string name) => (double)_values[name]!;

    public double? OptionalReal(string name) => _values[name] is double d ? d : null;

    public long Integer(string name) => (long)_values[name]!;

    public long? OptionalInteger(string name) => _values[name] is long l ? l : null;

    public bool Boolean(string name) => (bool)_values[name]!;

    public string Text(string name) => (string)_values[name]!;

    public double[] Reals(string name) => (double[])_values[name]!;

    public long[] Integers(string name) => (long[])_values[name]!;

    public PyExpression? Expression(string name) => _values[name] as PyExpression;

    public object RealOrSchedule(string name) => _values[name]!;

    public IScheduleDefinition Definition(string name) => (IScheduleDefinition)_values[name]!;

    public IReadOnlyList<IScheduleDefinition> Definitions(string name) => (IScheduleDefinition[])_values[name]!;
}
