namespace Anneal.Specs;

/// <summary>A value in spec text, with the 0-based position where it starts (-1 when it came from JSON).</summary>
internal abstract record SpecValue(int Position);

/// <summary>A number literal. <see cref="IsInteger"/> is true when it was written without a point or exponent.</summary>
internal sealed record SpecNumber(double Value, long? Integer, string Text, int Position) : SpecValue(Position)
{
    public bool IsInteger => Integer.HasValue;
}

/// <summary>A quoted string.</summary>
internal sealed record SpecString(string Value, int Position) : SpecValue(Position);

/// <summary><c>True</c> or <c>False</c>.</summary>
internal sealed record SpecBool(bool Value, int Position) : SpecValue(Position);

/// <summary><c>None</c>.</summary>
internal sealed record SpecNone(int Position) : SpecValue(Position);

/// <summary>A bracketed list.</summary>
internal sealed record SpecList(IReadOnlyList<SpecValue> Items, int Position) : SpecValue(Position);

/// <summary>A nested schedule: <c>Name(arg=value, ...)</c>.</summary>
internal sealed record SpecCall(string Name, IReadOnlyList<SpecArg> Args, int Position) : SpecValue(Position);

/// <summary>One <c>name=value</c> argument.</summary>
internal sealed record SpecArg(string Name, SpecValue Value, int Position);
